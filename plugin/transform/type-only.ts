import type { Node } from "./ast.ts";

const TYPE_ONLY_DECLARATION_RE = /^(?:import|export)\s+type\s+(?!from\b|,|=)/;

/**
 * True for `import type ...`, `export type { ... }` and `export type * from ...`. The JS-shaped AST the
 * transform parses into has no `importKind`/`exportKind`, so this reads the statement's first words.
 */
export function isTypeOnlyDeclaration(code: string, declaration: Node): boolean {
  return TYPE_ONLY_DECLARATION_RE.test(code.slice(declaration.start, declaration.start + 20));
}

/** True for an inline `type` modifier on an import/export specifier: `{ type User }`. */
export function isTypeOnlySpecifier(code: string, specifier: Node): boolean {
  const name = specifier.type === "ImportSpecifier" ? specifier.imported : specifier.local;
  return name !== undefined && name.start > specifier.start && code.startsWith("type", specifier.start);
}
