/**
 * A minimal view of the ESTree nodes oxc-parser returns, and a depth-first walker over them that skips
 * TypeScript-only syntax (type annotations, interfaces, declarations), so analyses only see runtime code.
 */
import { visitorKeys } from "oxc-parser";

export interface Node {
  type: string;
  start: number;
  end: number;
  // oxc-parser's node shapes are many; analyses read fields by name and check `type` first.
  [field: string]: any;
}

/** Returning `false` from `enter` skips the node's children. */
export type EnterFn = (node: Node, parent: Node | null, key: string, ancestors: Node[]) => boolean | void;

const SKIPPED_KEYS = new Set([
  "typeAnnotation",
  "returnType",
  "typeParameters",
  "typeArguments",
  "superTypeArguments",
  "implements",
]);

const TYPE_ONLY_NODES = new Set([
  "TSTypeAliasDeclaration",
  "TSInterfaceDeclaration",
  "TSDeclareFunction",
  "TSModuleDeclaration",
  "TSImportEqualsDeclaration",
  "TSAbstractMethodDefinition",
  "TSAbstractPropertyDefinition",
  "TSIndexSignature",
]);

const childKeysCache = new Map<string, string[]>();

/** The fields of a node type that hold runtime child nodes (oxc's visitor keys minus type-only ones). */
function childKeys(node: Node): string[] {
  let keys = childKeysCache.get(node.type);
  if (keys === undefined) {
    const known = visitorKeys[node.type] as string[] | undefined;
    keys = (known ?? Object.keys(node)).filter((field) => !SKIPPED_KEYS.has(field));
    childKeysCache.set(node.type, keys);
  }
  return keys;
}

/** Walks `root` depth-first; `ancestors` is the live stack of nodes above the current one. */
export function walk(root: Node, enter: EnterFn, leave?: (node: Node) => void): void {
  const ancestors: Node[] = [];
  const visit = (node: Node, parent: Node | null, key: string): void => {
    if (TYPE_ONLY_NODES.has(node.type) || node.declare === true) return;
    if (enter(node, parent, key, ancestors) === false) return;
    ancestors.push(node);
    for (const field of childKeys(node)) {
      const value = node[field];
      if (value === null || typeof value !== "object") continue;
      if (Array.isArray(value)) {
        for (const item of value) if (item !== null && typeof item.type === "string") visit(item, node, field);
      } else if (typeof value.type === "string") {
        visit(value, node, field);
      }
    }
    ancestors.pop();
    leave?.(node);
  };
  visit(root, null, "");
}

/** True for the three node types that introduce a function. */
export function isFunctionNode(node: Node): boolean {
  return (
    node.type === "FunctionDeclaration" ||
    node.type === "FunctionExpression" ||
    node.type === "ArrowFunctionExpression"
  );
}

/**
 * True when `node` (an Identifier under `parent` at `key`) reads a binding, as opposed to a property
 * name, a label, or the name an import/export/declaration introduces.
 */
export function isReferenceIdentifier(parent: Node | null, key: string): boolean {
  if (parent === null) return true;
  switch (parent.type) {
    case "MemberExpression":
      return key !== "property" || parent.computed === true;
    case "Property":
    case "MethodDefinition":
    case "PropertyDefinition":
    case "AccessorProperty":
      return key !== "key" || parent.computed === true;
    case "LabeledStatement":
    case "BreakStatement":
    case "ContinueStatement":
    case "MetaProperty":
    case "ImportSpecifier":
    case "ImportDefaultSpecifier":
    case "ImportNamespaceSpecifier":
      return false;
    case "ExportSpecifier":
      return key === "local";
    case "FunctionDeclaration":
    case "FunctionExpression":
    case "ClassDeclaration":
    case "ClassExpression":
      return key !== "id";
    case "VariableDeclarator":
      return key !== "id";
    default:
      return true;
  }
}

/** Collects the names a binding pattern (`a`, `{ b, c: [d] }`, `...e`, `f = 1`) declares. */
export function bindingNames(pattern: Node | null, out: string[] = []): string[] {
  if (pattern === null) return out;
  switch (pattern.type) {
    case "Identifier":
      out.push(pattern.name);
      break;
    case "ObjectPattern":
      for (const property of pattern.properties) {
        bindingNames(property.type === "RestElement" ? property.argument : property.value, out);
      }
      break;
    case "ArrayPattern":
      for (const element of pattern.elements) bindingNames(element, out);
      break;
    case "AssignmentPattern":
      bindingNames(pattern.left, out);
      break;
    case "RestElement":
      bindingNames(pattern.argument, out);
      break;
    case "TSParameterProperty":
      bindingNames(pattern.parameter, out);
      break;
  }
  return out;
}
