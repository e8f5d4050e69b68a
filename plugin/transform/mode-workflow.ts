/**
 * Workflow mode, for the sandboxed workflow bundle:
 *   async function s(x) { "use step"; ... }  →  async function s(...args) { return globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//…//s")(...args); } s.stepId = "step//…//s";
 *   async function wf() { "use workflow"; ... }  →  async function wf() { ... } wf.workflowId = "…"; <register>("…", wf);
 */
import { attachStepId, attachWorkflowId, keyText, newlinesBetween, removeDirective, USE_STEP_GLOBAL, type EditContext } from "./edit-context.ts";
import type { DirectiveFunction } from "./find-directives.ts";

/** Applies workflow-mode edits for every directive function of a module. */
export function applyWorkflowMode(ctx: EditContext, functions: DirectiveFunction[]): void {
  for (const fn of functions) {
    if (fn.kind === "workflow") {
      removeDirective(ctx, fn.directive);
      attachWorkflowId(ctx, fn, true);
    } else {
      replaceStepWithProxy(ctx, fn);
    }
  }
}

function replaceStepWithProxy(ctx: EditContext, fn: DirectiveFunction): void {
  const { s, code } = ctx;
  const proxy = `${USE_STEP_GLOBAL}(${JSON.stringify(fn.id)})`;
  const call = `${proxy}(${[...fn.captures, "...args"].join(", ")})`;
  const [start, end] = fn.form === "method" && fn.owner ? [fn.owner.start, fn.owner.end] : [fn.fn.start, fn.fn.end];
  const lines = newlinesBetween(code, start, end);
  ctx.removed.push([start, end]);
  if (fn.form === "declaration" || fn.form === "static-method") {
    const head = fn.form === "declaration" ? `async function ${fn.fn.id?.name ?? ""}` : "";
    s.overwrite(start, end, `${head}(...args) { return ${call};${lines || " "}}`);
    // The wrapper stands for the step when passed as a value (a step with captures cannot be: they would be lost).
    if (fn.binding && fn.captures.length === 0) attachStepId(ctx, fn);
  } else {
    const value = fn.captures.length > 0 ? `(...args) => ${call}` : proxy;
    const padded = lines ? `(${value}${lines})` : value;
    s.overwrite(start, end, fn.form === "method" && fn.owner ? `${keyText(code, fn.owner)}: ${padded}` : padded);
  }
}
