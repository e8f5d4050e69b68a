import { isFunctionNode, isReferenceIdentifier, walk, type Node } from "./ast.ts";
import { classifyDirective, DIRECTIVES, type DirectiveMatch } from "./directive-names.ts";

/** A prologue string statement that is one of our directives or a near miss of one. */
export interface DirectiveStatement {
  statement: Node;
  value: string;
  match: DirectiveMatch;
}

/** A function whose body starts with at least one directive-like string. */
export interface FunctionSite {
  fn: Node;
  /** Nodes from the Program down to the function's parent. */
  ancestors: Node[];
  directives: DirectiveStatement[];
}

/** Everything the transform needs to know about a module, gathered in one walk. */
export interface ModuleScan {
  program: Node;
  moduleDirectives: DirectiveStatement[];
  sites: FunctionSite[];
  /** `"use step"` / `"use workflow"` statements that are not in a prologue (so not directives). */
  misplaced: Node[];
  /** Local name of each value import → offsets of the identifiers that read it. */
  importReferences: Map<string, number[]>;
}

function prologue(statements: Node[]): DirectiveStatement[] {
  const found: DirectiveStatement[] = [];
  for (const statement of statements) {
    if (statement.type !== "ExpressionStatement" || typeof statement.directive !== "string") break;
    const value = statement.expression.value;
    if (typeof value !== "string") continue;
    const match = classifyDirective(value);
    if (match) found.push({ statement, value, match });
  }
  return found;
}

/**
 * Walks the module once and returns its directive sites, misplaced directives and import references.
 * `extraReferences` are import reads the parser did not see (from blanked regions).
 */
export function scanModule(program: Node, extraReferences?: ReadonlyMap<string, number[]>): ModuleScan {
  const importReferences = new Map<string, number[]>();
  for (const statement of program.body) {
    if (statement.type !== "ImportDeclaration" || statement.importKind === "type") continue;
    for (const specifier of statement.specifiers) {
      if (specifier.importKind !== "type") importReferences.set(specifier.local.name, []);
    }
  }
  for (const [name, offsets] of extraReferences ?? []) importReferences.get(name)?.push(...offsets);
  const scan: ModuleScan = {
    program,
    moduleDirectives: prologue(program.body),
    sites: [],
    misplaced: [],
    importReferences,
  };
  walk(program, (node, parent, key, ancestors) => {
    if (node.type === "Identifier" || node.type === "JSXIdentifier") {
      const offsets = importReferences.get(node.name);
      if (offsets && isReferenceIdentifier(parent, key)) offsets.push(node.start);
    } else if (isFunctionNode(node)) {
      if (node.body?.type === "BlockStatement") {
        const directives = prologue(node.body.body);
        if (directives.length > 0) scan.sites.push({ fn: node, ancestors: ancestors.slice(), directives });
      }
    } else if (
      node.type === "ExpressionStatement" &&
      typeof node.directive !== "string" &&
      node.expression.type === "Literal" &&
      typeof node.expression.value === "string" &&
      DIRECTIVES[node.expression.value] !== undefined
    ) {
      scan.misplaced.push(node);
    }
  });
  return scan;
}
