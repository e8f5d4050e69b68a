import type MagicString from "magic-string";
import type { Node } from "./ast.ts";
import type { DirectiveFunction } from "./find-directives.ts";

/** The global the workflow-mode proxy calls; see runtime/globals.ts (`USE_STEP`). */
export const USE_STEP_GLOBAL = 'globalThis[Symbol.for("WORKFLOW_USE_STEP")]';
/** The global workflow-mode code registers workflows with; see runtime/globals.ts (`REGISTER_WORKFLOW`). */
export const REGISTER_WORKFLOW_GLOBAL = 'globalThis[Symbol.for("vite-workflow.registerWorkflow")]';

/** The state one transform shares between the mode rewriters, import pruning and the header. */
export interface EditContext {
  code: string;
  s: MagicString;
  /** Helper declarations to put at the top of the module, keyed by name. */
  header: Map<string, string>;
  /** Ranges whose code no longer runs in this mode (for import pruning). */
  removed: Array<[number, number]>;
}

/** Counts the line breaks in `code` between two offsets, so a replacement can keep later lines in place. */
export function newlinesBetween(code: string, start: number, end: number): string {
  let count = 0;
  for (let index = code.indexOf("\n", start); index !== -1 && index < end; index = code.indexOf("\n", index + 1)) count++;
  return "\n".repeat(count);
}

/** Removes a directive statement; when it is alone on its line, the line's indentation goes too. */
export function removeDirective(ctx: EditContext, statement: Node | null): void {
  if (statement === null) return;
  const { code, s } = ctx;
  let start = statement.start;
  let end = statement.end;
  while (end < code.length && (code[end] === " " || code[end] === "\t")) end++;
  let lineStart = start;
  while (lineStart > 0 && (code[lineStart - 1] === " " || code[lineStart - 1] === "\t")) lineStart--;
  const aloneOnLine = (lineStart === 0 || code[lineStart - 1] === "\n") && (end === code.length || code[end] === "\n" || code[end] === "\r");
  if (aloneOnLine) start = lineStart;
  s.remove(start, end);
}

/** The source text of a property key, bracketed when computed. */
export function keyText(code: string, owner: Node): string {
  const text = code.slice(owner.key.start, owner.key.end);
  return owner.computed ? `[${text}]` : text;
}

/**
 * Wraps a module-level function that has no binding in a helper call, in place:
 * `async () => {}` → `helper("id", async () => {})`; an object method becomes a property holding a function.
 */
export function wrapInPlace(ctx: EditContext, fn: DirectiveFunction, helper: string): void {
  const { s, code } = ctx;
  const open = `${helper}(${JSON.stringify(fn.id)}, `;
  if (fn.form === "method" && fn.owner) {
    s.overwrite(fn.owner.start, fn.fn.start, `${keyText(code, fn.owner)}: ${open}async function`);
  } else {
    s.appendRight(fn.fn.start, open);
  }
  s.appendLeft(fn.fn.end, ")");
}

/**
 * Marks a module-level step function with `fn.stepId`, so passing it as a value (to `start()`, or from a
 * workflow to a step) sends a reference to the registered step instead of failing as "is a function".
 * After its statement when a binding reaches it, else in place.
 */
export function attachStepId(ctx: EditContext, fn: DirectiveFunction): void {
  if (fn.binding) {
    ctx.s.appendLeft(fn.statement.end, ` ${fn.binding}.stepId = ${JSON.stringify(fn.id)};`);
    return;
  }
  ctx.header.set("__wf_step", "const __wf_step = (id, fn) => Object.assign(fn, { stepId: id });");
  wrapInPlace(ctx, fn, "__wf_step");
}

/** Inserts `names` as the first parameters of a function. */
export function insertLeadingParams(ctx: EditContext, fn: Node, names: string[]): void {
  if (names.length === 0) return;
  const { s, code } = ctx;
  const list = names.join(", ");
  const first = fn.params[0];
  if (first) {
    let before = first.start - 1;
    while (before > fn.start && /\s/.test(code[before])) before--;
    if (code[before] === "(") s.appendRight(first.start, `${list}, `);
    else {
      s.appendRight(first.start, `(${list}, `);
      s.appendLeft(first.end, ")");
    }
    return;
  }
  const from = fn.typeParameters?.end ?? fn.id?.end ?? fn.start;
  s.appendLeft(code.indexOf("(", from) + 1, list);
}

/** The `throw` a workflow body becomes outside the workflow sandbox. */
export function startInsteadError(fn: DirectiveFunction): string {
  const short = fn.name.split("/").at(-1) ?? "";
  const example = fn.binding ?? (/^[A-Za-z_$][\w$]*$/.test(short) && short !== "default" ? short : "yourWorkflow");
  const message = `"${fn.id}" is a workflow function and cannot be called directly. Start it with start() from "workflow/api", e.g. \`await start(${example}, [...args])\`.`;
  return `throw new Error(${JSON.stringify(message)});`;
}

/**
 * Replaces a workflow's body with a `throw`, keeping the line count, and leaving `keep` ranges (nested
 * steps hoisted elsewhere) untouched.
 */
export function replaceWorkflowBody(ctx: EditContext, fn: DirectiveFunction, keep: Array<[number, number]>): void {
  const { s, code } = ctx;
  const body = fn.fn.body;
  const segments: Array<[number, number]> = [];
  let cursor = body.start + 1;
  for (const [start, end] of keep.toSorted((a, b) => a[0] - b[0])) {
    segments.push([cursor, start]);
    cursor = end;
  }
  segments.push([cursor, body.end - 1]);
  let thrown = false;
  for (const [start, end] of segments) {
    if (end <= start) continue;
    ctx.removed.push([start, end]);
    const lines = newlinesBetween(code, start, end);
    if (!thrown) {
      s.overwrite(start, end, ` ${startInsteadError(fn)}${lines || " "}`);
      thrown = true;
    } else if (lines) s.overwrite(start, end, lines);
    else s.remove(start, end);
  }
}

/** Adds `fn.workflowId` (and in workflow mode the registration) after its statement, or in place. */
export function attachWorkflowId(ctx: EditContext, fn: DirectiveFunction, register: boolean): void {
  if (fn.binding) {
    const id = JSON.stringify(fn.id);
    const registration = register ? ` ${REGISTER_WORKFLOW_GLOBAL}(${id}, ${fn.binding});` : "";
    ctx.s.appendLeft(fn.statement.end, ` ${fn.binding}.workflowId = ${id};${registration}`);
    return;
  }
  const body = register
    ? `(${REGISTER_WORKFLOW_GLOBAL}(id, Object.assign(fn, { workflowId: id })), fn)`
    : "Object.assign(fn, { workflowId: id })";
  ctx.header.set("__wf_workflow", `const __wf_workflow = (id, fn) => ${body};`);
  wrapInPlace(ctx, fn, "__wf_workflow");
}
