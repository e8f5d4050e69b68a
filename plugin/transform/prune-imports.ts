import type { Node } from "./ast.ts";
import type { EditContext } from "./edit-context.ts";

/**
 * Drops import specifiers whose every use sits in code this mode removed (step bodies in workflow mode,
 * workflow bodies elsewhere), so e.g. a workflow bundle does not pull in `fs` that only a step used.
 * Imports never read as values (unused, or used only in types) are left alone. Returns the import
 * declarations that remain.
 */
export function pruneImports(ctx: EditContext, program: Node, references: Map<string, number[]>): Node[] {
  const { s, code, removed } = ctx;
  const isRemoved = (offset: number) => removed.some(([start, end]) => offset >= start && offset < end);
  const remaining: Node[] = [];
  for (const declaration of program.body) {
    if (declaration.type !== "ImportDeclaration") continue;
    if (declaration.importKind === "type" || declaration.specifiers.length === 0 || removed.length === 0) {
      remaining.push(declaration);
      continue;
    }
    const kept = declaration.specifiers.filter((specifier: Node) => {
      const uses = references.get(specifier.local.name);
      return !uses || uses.length === 0 || !uses.every(isRemoved);
    });
    if (kept.length === declaration.specifiers.length) {
      remaining.push(declaration);
      continue;
    }
    if (kept.every((specifier: Node) => specifier.importKind === "type")) {
      s.overwrite(declaration.start, declaration.end, newlinesOnly(code.slice(declaration.start, declaration.end)) || " ");
      continue;
    }
    const named = kept.filter((specifier: Node) => specifier.type === "ImportSpecifier").map((specifier: Node) => code.slice(specifier.start, specifier.end));
    const parts = kept.filter((specifier: Node) => specifier.type !== "ImportSpecifier").map((specifier: Node) => code.slice(specifier.start, specifier.end));
    if (named.length > 0) parts.push(`{ ${named.join(", ")} }`);
    s.overwrite(declaration.start, declaration.source.start, `import ${parts.join(", ")} from `);
    remaining.push(declaration);
  }
  return remaining;
}

function newlinesOnly(text: string): string {
  return text.replace(/[^\n]/g, "");
}
