import { isFunctionNode, type Node } from "./ast.ts";
import { checkStepBody } from "./check-step-body.ts";
import { closureVariables } from "./closure-variables.ts";
import { TRANSFORM_ERROR_CODES, TransformError, type TransformErrorCode } from "./diagnostics.ts";
import { classBindingName, functionId, functionName, propertyKeyName, type DirectiveKind } from "./function-ids.ts";
import { moduleDirectiveFunctions } from "./module-directive.ts";
import { nestedStepProperties } from "./nested-step-properties.ts";
import type { DirectiveStatement, ModuleScan } from "./scan-module.ts";

/** How a directive function is written, which decides how each mode rewrites it. */
export type FunctionForm = "declaration" | "expression" | "method" | "static-method";

/** A `"use step"` or `"use workflow"` function with everything the modes need to rewrite it. */
export interface DirectiveFunction {
  kind: DirectiveKind;
  fn: Node;
  /** The directive statement to remove; null when a module-level directive marks the function. */
  directive: Node | null;
  name: string;
  id: string;
  form: FunctionForm;
  /** The object `Property` of a method, or the class `MethodDefinition` of a static method. */
  owner: Node | null;
  /** Code that reaches the function after `statement` at module scope (`f`, `C.m`); null when none does. */
  binding: string | null;
  /** The top-level statement that contains the function. */
  statement: Node;
  /** The workflow a nested step is declared in. */
  parent: DirectiveFunction | null;
  /** Enclosing-workflow variables passed by value to a nested step, as extra leading arguments. */
  captures: string[];
  /** `step.key = <literal>` statements next to a nested step (e.g. `maxRetries`), as `key: value` source. */
  properties: string[];
}

/** The directive functions of a module and its module-level directive, if any. */
export interface DirectiveAnalysis {
  functions: DirectiveFunction[];
  moduleDirectives: DirectiveStatement[];
}

interface Candidate {
  kind: DirectiveKind;
  fn: Node;
  ancestors: Node[];
  directive: Node | null;
}

/**
 * Interprets a module scan: validates every directive and names every directive function.
 * Throws the first problem (in source order) as a TransformError.
 */
export function findDirectives(scan: ModuleScan, source: { code: string; id: string }, modulePath: string): DirectiveAnalysis {
  const errors: TransformError[] = [];
  const fail = (code: TransformErrorCode, message: string, offset: number) =>
    errors.push(new TransformError(code, message, source, offset));

  for (const node of scan.misplaced) {
    const where = scan.program.body.includes(node) ? "file, before any other statement (comments are fine)" : "function body";
    fail(TRANSFORM_ERROR_CODES.DIRECTIVE_POSITION, `The "${node.expression.value}" directive must be at the top of the ${where}.`, node.start);
  }
  const candidates: Candidate[] = [];
  const kindOf = (directives: DirectiveStatement[], describe: string): { kind?: DirectiveKind; statement?: Node } => {
    let found: { kind?: DirectiveKind; statement?: Node } = {};
    for (const { statement, value, match } of directives) {
      if ("typoOf" in match) {
        fail(TRANSFORM_ERROR_CODES.DIRECTIVE_TYPO, `Did you mean "${match.typoOf}"? "${value}" is not a supported directive.`, statement.start);
      } else if (found.kind && found.kind !== match.kind) {
        fail(TRANSFORM_ERROR_CODES.CONFLICTING_DIRECTIVES, `${describe} has both a "use step" and a "use workflow" directive. A function is either a step or a workflow.`, statement.start);
      } else found = { kind: match.kind, statement };
    }
    return found;
  };

  const moduleKind = kindOf(scan.moduleDirectives, "This file").kind;
  const own = new Set(scan.sites.map((site) => site.fn));
  if (moduleKind) {
    const marked = moduleDirectiveFunctions(scan.program, moduleKind);
    for (const problem of marked.problems) fail(problem.code, problem.message, problem.offset);
    for (const { fn, ancestors } of marked.functions) {
      if (!own.has(fn)) candidates.push({ kind: moduleKind, fn, ancestors, directive: null });
    }
  }
  for (const site of scan.sites) {
    const { kind, statement } = kindOf(site.directives, "This function");
    if (kind && statement) candidates.push({ kind, fn: site.fn, ancestors: site.ancestors, directive: statement });
  }
  candidates.sort((a, b) => a.fn.start - b.fn.start);

  const byNode = new Map<Node, DirectiveFunction>();
  const ids = new Set<string>();
  const functions: DirectiveFunction[] = [];
  for (const candidate of candidates) {
    const { kind, fn, ancestors, directive } = candidate;
    const at = directive?.start ?? fn.start;
    const label = `"use ${kind}"`;
    const parentNode = ancestors.at(-1)!;
    if (!fn.async) {
      fail(TRANSFORM_ERROR_CODES.SYNC_FUNCTION, `Functions marked with ${label} must be async functions. Add \`async\` to this function.`, fn.start);
      continue;
    }
    if (parentNode.type === "MethodDefinition" && (!parentNode.static || parentNode.kind !== "method")) {
      fail(TRANSFORM_ERROR_CODES.INSTANCE_METHOD, `Instance methods cannot be marked with ${label}. Only static methods, functions, and object methods are supported.`, at);
      continue;
    }
    const enclosing = ancestors.filter(isFunctionNode);
    const outer = enclosing.length > 0 ? byNode.get(enclosing[0]) : undefined;
    if (enclosing.length > 0 && (kind === "workflow" || outer?.kind !== "workflow" || enclosing.some((node) => byNode.get(node)?.kind === "step"))) {
      const why = kind === "workflow" ? "must be declared at module scope" : "must be declared at module scope or inside a workflow function (not inside another step or a plain function)";
      fail(TRANSFORM_ERROR_CODES.NESTED_DIRECTIVE, `Functions marked with ${label} ${why}.`, at);
      continue;
    }
    if (kind === "step") {
      const problem = checkStepBody(fn);
      if (problem) {
        fail(problem.code, `Functions marked with "use step" cannot use \`${problem.what}\`: a step is called by id with its arguments only. Pass what you need as an argument.`, problem.offset);
        continue;
      }
    }
    const owner = parentNode.type === "MethodDefinition" || (parentNode.type === "Property" && parentNode.method) ? parentNode : null;
    const form: FunctionForm = owner?.type === "MethodDefinition" ? "static-method" : owner ? "method" : fn.type === "FunctionDeclaration" ? "declaration" : "expression";
    const binding = outer ? null : moduleBinding(fn, form, ancestors);
    if (form === "static-method" && binding === null && !outer) {
      fail(TRANSFORM_ERROR_CODES.ANONYMOUS_CLASS, `Static methods marked with ${label} must belong to a named class declared at module scope.`, at);
      continue;
    }
    const baseName = functionName(fn, ancestors) ?? "anonymous";
    let name = outer ? `${outer.name}/${baseName}` : baseName;
    for (let n = 2; ids.has(functionId(kind, modulePath, name)); n++) name = `${outer ? `${outer.name}/` : ""}${baseName}$${n}`;
    let captures: string[] = [];
    if (outer) {
      const closure = closureVariables(fn, ancestors);
      for (const { name: variable, offset, reason } of closure.problems) {
        const why = reason === "function" ? `"${variable}" is a function or class declared in the workflow, and functions cannot be passed to a step by value. Move it to module scope or make it a step` : `the step assigns to "${variable}", but a step receives workflow variables by value, so the workflow would never see the change. Return the new value instead`;
        fail(TRANSFORM_ERROR_CODES.CLOSURE_VARIABLE, `The step "${name}" uses the workflow variable "${variable}": ${why}.`, offset);
      }
      captures = closure.captures;
    }
    const id = functionId(kind, modulePath, name);
    ids.add(id);
    const statement = ancestors[1] ?? fn;
    const properties = outer ? nestedStepProperties(source.code, fn, ancestors) : [];
    const result: DirectiveFunction = { kind, fn, directive, name, id, form, owner, binding, statement, parent: outer ?? null, captures, properties };
    byNode.set(fn, result);
    functions.push(result);
  }
  if (errors.length > 0) {
    errors.sort((a, b) => a.loc.line - b.loc.line || a.loc.column - b.loc.column);
    throw errors[0];
  }
  return { functions, moduleDirectives: scan.moduleDirectives };
}

/** Code that names a module-level function after its statement, if it has a top-level binding. */
function moduleBinding(fn: Node, form: FunctionForm, ancestors: Node[]): string | null {
  const topLevel = (node: Node | undefined) => node === ancestors[1] || (ancestors[1]?.declaration === node && node !== undefined);
  if (form === "declaration") return fn.id && (ancestors.length === 1 || topLevel(fn)) ? fn.id.name : null;
  if (form === "expression") {
    const declarator = ancestors.at(-1);
    const declaration = ancestors.at(-2);
    if (declarator?.type === "VariableDeclarator" && declarator.init === fn && declarator.id.type === "Identifier" && topLevel(declaration)) {
      return declarator.id.name;
    }
    return null;
  }
  if (form === "static-method") {
    const method = ancestors.at(-1)!;
    const classNode = ancestors.at(-3);
    const key = propertyKeyName(method);
    const className = classBindingName(classNode, ancestors.at(-4));
    if (!classNode || !className || key === undefined || method.key.type === "PrivateIdentifier") return null;
    const declaredAtTop = topLevel(classNode) || topLevel(ancestors.at(-5));
    if (!declaredAtTop) return null;
    return /^[A-Za-z_$][\w$]*$/.test(key) ? `${className}.${key}` : `${className}[${JSON.stringify(key)}]`;
  }
  return null;
}
