import { isAbsolute, relative } from "node:path";
import type { Node } from "./ast.ts";

export type DirectiveKind = "step" | "workflow";

/**
 * The module part of an id: the file relative to `root`, `/`-separated, query string dropped.
 * @example toModulePath("/app/src/agent.ts?v=1", "/app") // "src/agent.ts"
 */
export function toModulePath(id: string, root: string): string {
  const file = id.replace(/[?#].*$/, "");
  const path = isAbsolute(file) ? relative(root, file) : file;
  return path.replace(/\\/g, "/").replace(/^\.\//, "");
}

/** Builds `step//<path>//<name>` or `workflow//<path>//<name>`. */
export function functionId(kind: DirectiveKind, modulePath: string, name: string): string {
  return `${kind}//${modulePath}//${name}`;
}

/** The name of a property key as written (`a`, `"b-c"`, `[0]`), or undefined for computed keys. */
export function propertyKeyName(owner: Node): string | undefined {
  const key = owner.key;
  if (owner.computed) return key.type === "Literal" ? String(key.value) : undefined;
  if (key.type === "Identifier" || key.type === "PrivateIdentifier") return key.name;
  if (key.type === "Literal") return String(key.value);
  return undefined;
}

/**
 * Names a function from where it is written: its own name, the variable it initialises, the object-literal
 * properties leading to it (`tools/search/execute`), `Class/method` for static methods, `default` for an
 * anonymous default export. Returns undefined when nothing names it.
 */
export function functionName(fn: Node, ancestors: readonly Node[]): string | undefined {
  if (fn.type === "FunctionDeclaration") {
    if (fn.id) return fn.id.name;
    return ancestors.at(-1)?.type === "ExportDefaultDeclaration" ? "default" : undefined;
  }
  const parts: string[] = [];
  let child: Node = fn;
  for (let index = ancestors.length - 1; index >= 0; index--) {
    const parent = ancestors[index];
    if (parent.type === "Property" && parent.value === child) {
      const key = propertyKeyName(parent);
      if (key === undefined) return undefined;
      parts.unshift(key);
    } else if (parent.type === "MethodDefinition" && parent.value === child) {
      const key = propertyKeyName(parent);
      const classNode = ancestors[index - 2];
      const className = classNode?.id?.name ?? classBindingName(classNode, ancestors[index - 3]);
      if (key === undefined || className === undefined) return undefined;
      return `${className}/${key}`;
    } else if (parent.type === "ObjectExpression") {
      // keep climbing: the object may itself be a property value or a variable's initialiser
    } else if (parent.type === "VariableDeclarator" && parent.init === child && parent.id.type === "Identifier") {
      parts.unshift(parent.id.name);
      break;
    } else if (parent.type === "AssignmentExpression" && parent.right === child && parent.left.type === "Identifier") {
      parts.unshift(parent.left.name);
      break;
    } else if (parent.type === "ExportDefaultDeclaration") {
      parts.unshift("default");
      break;
    } else {
      break;
    }
    child = parent;
  }
  if (parts.length === 0) return fn.id?.name;
  return parts.join("/");
}

/** The variable a class expression is assigned to (`const C = class {}`), if any. */
export function classBindingName(classNode: Node | undefined, parent: Node | undefined): string | undefined {
  if (!classNode) return undefined;
  if (classNode.id) return classNode.id.name;
  if (parent?.type === "VariableDeclarator" && parent.id.type === "Identifier") return parent.id.name;
  return undefined;
}
