import type { Node } from "./ast.ts";
import { TRANSFORM_ERROR_CODES } from "./diagnostics.ts";
import type { DirectiveKind } from "./function-ids.ts";

/** An exported function a module-level directive marks, with the nodes above it (Program first). */
export interface ModuleDirectiveFunction {
  fn: Node;
  ancestors: Node[];
}

/** A non-async export in a module-level directive file. */
export interface ModuleDirectiveProblem {
  code: typeof TRANSFORM_ERROR_CODES.NON_ASYNC_EXPORT;
  message: string;
  offset: number;
}

const isAsyncFunction = (node: Node | null | undefined): boolean =>
  !!node &&
  (node.type === "FunctionDeclaration" || node.type === "FunctionExpression" || node.type === "ArrowFunctionExpression") &&
  node.async === true &&
  node.generator !== true;

const TYPE_DECLARATIONS = new Set(["TSTypeAliasDeclaration", "TSInterfaceDeclaration", "TSDeclareFunction"]);

/**
 * Lists the functions a module-level `"use step"` / `"use workflow"` marks: every exported async function
 * (declared, assigned to an exported `const`, default-exported, or exported by name). Anything else a
 * directive file exports is a problem: the runtime could not call it by id.
 */
export function moduleDirectiveFunctions(
  program: Node,
  kind: DirectiveKind,
): { functions: ModuleDirectiveFunction[]; problems: ModuleDirectiveProblem[] } {
  const functions: ModuleDirectiveFunction[] = [];
  const problems: ModuleDirectiveProblem[] = [];
  const directive = `"use ${kind}"`;
  const problem = (node: Node, what: string) =>
    problems.push({
      code: TRANSFORM_ERROR_CODES.NON_ASYNC_EXPORT,
      message: `Only async functions can be exported from a ${directive} file, but ${what} is exported. Move it to another module, or make it an async function.`,
      offset: node.start,
    });
  const locals = new Map<string, ModuleDirectiveFunction>();
  for (const statement of program.body) {
    const declaration = statement.type === "ExportNamedDeclaration" ? statement.declaration : statement;
    if (declaration?.type === "FunctionDeclaration" && declaration.id && isAsyncFunction(declaration)) {
      locals.set(declaration.id.name, { fn: declaration, ancestors: declaration === statement ? [program] : [program, statement] });
    } else if (declaration?.type === "VariableDeclaration") {
      for (const declarator of declaration.declarations) {
        if (declarator.id.type !== "Identifier" || !isAsyncFunction(declarator.init)) continue;
        const ancestors = declaration === statement ? [program, declaration, declarator] : [program, statement, declaration, declarator];
        locals.set(declarator.id.name, { fn: declarator.init, ancestors });
      }
    }
  }
  const exportLocal = (name: string, node: Node) => {
    const local = locals.get(name);
    if (local) functions.push(local);
    else problem(node, `"${name}"`);
  };
  for (const statement of program.body) {
    if (statement.type === "ExportAllDeclaration") {
      if (statement.exportKind !== "type") problem(statement, `everything from "${statement.source.value}"`);
    } else if (statement.type === "ExportNamedDeclaration") {
      if (statement.exportKind === "type") continue;
      const declaration = statement.declaration;
      if (declaration === null) {
        for (const specifier of statement.specifiers) {
          if (specifier.exportKind === "type") continue;
          if (statement.source) problem(specifier, `"${specifier.exported.name ?? specifier.exported.value}" from "${statement.source.value}"`);
          else exportLocal(specifier.local.name, specifier);
        }
      } else if (declaration.type === "FunctionDeclaration") {
        if (isAsyncFunction(declaration)) functions.push(locals.get(declaration.id.name)!);
        else problem(declaration, `the function "${declaration.id.name}"`);
      } else if (declaration.type === "VariableDeclaration") {
        for (const declarator of declaration.declarations) {
          const name = declarator.id.type === "Identifier" ? declarator.id.name : "a destructured value";
          if (declarator.id.type === "Identifier" && isAsyncFunction(declarator.init)) functions.push(locals.get(name)!);
          else problem(declarator, `"${name}"`);
        }
      } else if (!TYPE_DECLARATIONS.has(declaration.type) && declaration.declare !== true) {
        problem(declaration, declaration.id?.name ? `"${declaration.id.name}"` : "a non-function value");
      }
    } else if (statement.type === "ExportDefaultDeclaration") {
      const declaration = statement.declaration;
      if (isAsyncFunction(declaration)) functions.push({ fn: declaration, ancestors: [program, statement] });
      else if (declaration.type === "Identifier") exportLocal(declaration.name, declaration);
      else if (!TYPE_DECLARATIONS.has(declaration.type)) problem(declaration, "the default export");
    }
  }
  return { functions: [...new Set(functions)], problems };
}
