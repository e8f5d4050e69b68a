import { bindingNames, isFunctionNode, type Node } from "./ast.ts";

/** How a name was declared; `value` is the initialiser of a variable, when there is one. */
export interface Declaration {
  kind: "param" | "var" | "let" | "const" | "function" | "class" | "catch" | "using";
  value: Node | null;
}

function addVariableDeclaration(declaration: Node, out: Map<string, Declaration>): void {
  for (const declarator of declaration.declarations) {
    for (const name of bindingNames(declarator.id)) {
      out.set(name, { kind: declaration.kind === "await using" ? "using" : declaration.kind, value: declarator.init });
    }
  }
}

function addHoistedVars(node: Node | null, out: Map<string, Declaration>): void {
  if (node === null || typeof node !== "object") return;
  if (node.type === "VariableDeclaration") {
    if (node.kind === "var") addVariableDeclaration(node, out);
    return;
  }
  if (isFunctionNode(node) || node.type.startsWith("Class") || node.type.endsWith("Expression")) return;
  for (const field of ["body", "consequent", "alternate", "block", "handler", "finalizer", "init", "left", "cases"]) {
    const child = node[field];
    if (Array.isArray(child)) for (const item of child) addHoistedVars(item, out);
    else if (child && typeof child.type === "string") addHoistedVars(child, out);
  }
}

function addLexical(statements: Node[], out: Map<string, Declaration>): void {
  for (const raw of statements) {
    const statement =
      (raw.type === "ExportNamedDeclaration" || raw.type === "ExportDefaultDeclaration") && raw.declaration
        ? raw.declaration
        : raw;
    if (statement.type === "VariableDeclaration" && statement.kind !== "var") addVariableDeclaration(statement, out);
    else if (statement.type === "FunctionDeclaration" && statement.id) {
      out.set(statement.id.name, { kind: "function", value: statement });
    } else if (statement.type === "ClassDeclaration" && statement.id) {
      out.set(statement.id.name, { kind: "class", value: statement });
    }
  }
}

/**
 * The names a scope-creating node declares directly (not in nested functions): a function's parameters,
 * its `var`s and top-level declarations; a block's `let`/`const`/`class`/`function`; a loop head; a catch
 * parameter; a named class or function expression's own name. Empty for nodes that open no scope.
 */
export function scopeDeclarations(node: Node): Map<string, Declaration> {
  const out = new Map<string, Declaration>();
  if (isFunctionNode(node)) {
    if (node.type === "FunctionExpression" && node.id) out.set(node.id.name, { kind: "function", value: node });
    for (const param of node.params) for (const name of bindingNames(param)) out.set(name, { kind: "param", value: null });
    if (node.body?.type === "BlockStatement") {
      addHoistedVars(node.body, out);
      addLexical(node.body.body, out);
    }
  } else if (node.type === "BlockStatement" || node.type === "StaticBlock" || node.type === "Program") {
    addLexical(node.body, out);
  } else if (node.type === "SwitchStatement") {
    for (const switchCase of node.cases) addLexical(switchCase.consequent, out);
  } else if (node.type === "ForStatement" || node.type === "ForInStatement" || node.type === "ForOfStatement") {
    const head = node.type === "ForStatement" ? node.init : node.left;
    if (head?.type === "VariableDeclaration" && head.kind !== "var") addVariableDeclaration(head, out);
  } else if (node.type === "CatchClause") {
    for (const name of bindingNames(node.param)) out.set(name, { kind: "catch", value: null });
  } else if ((node.type === "ClassExpression" || node.type === "ClassDeclaration") && node.id) {
    out.set(node.id.name, { kind: "class", value: node });
  }
  return out;
}
