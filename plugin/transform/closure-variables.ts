import { isFunctionNode, isReferenceIdentifier, walk, type Node } from "./ast.ts";
import { scopeDeclarations, type Declaration } from "./scope-declarations.ts";

/** A variable a nested step reads from its enclosing workflow that cannot be passed by value. */
export interface ClosureProblem {
  name: string;
  offset: number;
  reason: "function" | "assigned";
}

/** What a nested step needs from the scopes around it. */
export interface Closure {
  /** Names passed by value, in first-use order, as extra leading arguments. */
  captures: string[];
  problems: ClosureProblem[];
}

const PATTERN_PARENTS = new Set(["ObjectPattern", "ArrayPattern", "AssignmentPattern", "RestElement"]);

/**
 * Where an identifier sits relative to a binding pattern: declared, written, or read. `keys[i]` is the
 * field under which `ancestors[i]` hangs from `ancestors[i - 1]`; `key` is the identifier's own field.
 */
function identifierRole(key: string, ancestors: Node[], keys: string[]): "declare" | "write" | "read" {
  let childKey = key;
  let index = ancestors.length - 1;
  let node: Node | undefined = ancestors[index];
  const inObjectPattern = (at: number) => ancestors[at]?.type === "Property" && ancestors[at - 1]?.type === "ObjectPattern";
  while (node && (PATTERN_PARENTS.has(node.type) || inObjectPattern(index))) {
    if (node.type === "AssignmentPattern" && childKey === "right") return "read";
    if (node.type === "Property" && childKey === "key") return node.computed ? "read" : "declare";
    childKey = keys[index];
    index--;
    node = ancestors[index];
  }
  if (!node) return "read";
  if (node.type === "AssignmentExpression" && childKey === "left") return "write";
  if ((node.type === "ForInStatement" || node.type === "ForOfStatement") && childKey === "left") return "write";
  if (node.type === "UpdateExpression") return "write";
  if (node.type === "VariableDeclarator" && childKey === "id") return "declare";
  if (node.type === "CatchClause" && childKey === "param") return "declare";
  if (isFunctionNode(node) && (childKey === "params" || childKey === "id")) return "declare";
  if ((node.type === "ClassDeclaration" || node.type === "ClassExpression") && childKey === "id") return "declare";
  return isReferenceIdentifier(node, childKey) ? "read" : "declare";
}

/** Free variables of `fn`: names it reads or writes that none of its own scopes declare. */
function freeVariables(fn: Node): { reads: Map<string, number>; writes: Set<string> } {
  const reads = new Map<string, number>();
  const writes = new Set<string>();
  const scopes: Array<Map<string, Declaration>> = [];
  const opened = new Set<Node>();
  const keys: string[] = [];
  walk(
    fn,
    (node, _parent, key, ancestors) => {
      keys.push(key);
      const declared = scopeDeclarations(node);
      if (declared.size > 0 || isFunctionNode(node)) {
        scopes.push(declared);
        opened.add(node);
      }
      if (node.type !== "Identifier" || node.name === "undefined") return;
      const role = identifierRole(key, ancestors, keys.slice(0, -1));
      if (role === "declare" || scopes.some((scope) => scope.has(node.name))) return;
      if (role === "write") writes.add(node.name);
      if (!reads.has(node.name)) reads.set(node.name, node.start);
    },
    (node) => {
      keys.pop();
      if (opened.delete(node)) scopes.pop();
    },
  );
  return { reads, writes };
}

function isFunctionValue(declaration: Declaration): boolean {
  if (declaration.kind === "function" || declaration.kind === "class") return true;
  const value = declaration.value;
  return value !== null && (isFunctionNode(value) || value.type === "ClassExpression");
}

/**
 * Finds the variables a step declared inside a function reads from that function's scopes. Each becomes
 * an extra leading argument passed by value; a local function or a variable the step assigns to cannot
 * travel that way and is reported instead, so the step never silently sees `undefined`.
 */
export function closureVariables(step: Node, ancestors: readonly Node[]): Closure {
  const { reads, writes } = freeVariables(step);
  const captures: string[] = [];
  const problems: ClosureProblem[] = [];
  const firstFunction = ancestors.findIndex((node) => isFunctionNode(node));
  if (firstFunction === -1) return { captures, problems };
  const enclosing = ancestors.slice(firstFunction).toReversed().map((node) => scopeDeclarations(node));
  const ownName = step.type === "FunctionDeclaration" ? step.id?.name : undefined;
  for (const [name, offset] of reads) {
    if (name === ownName) continue;
    const declaration = enclosing.find((scope) => scope.has(name))?.get(name);
    if (!declaration) continue;
    if (isFunctionValue(declaration)) problems.push({ name, offset, reason: "function" });
    else if (writes.has(name)) problems.push({ name, offset, reason: "assigned" });
    else captures.push(name);
  }
  return { captures, problems };
}
