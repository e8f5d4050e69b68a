/**
 * Step mode, for the host that runs steps:
 *   async function s(x) { "use step"; return x; }  →  async function s(x) { return x; } __wf_registerStep("step//…//s", s);
 * Workflows get the client-mode treatment (so server code can `start()` them); steps declared inside a
 * workflow are hoisted to the end of the module, with the workflow variables they use as leading parameters.
 */
import {
  attachWorkflowId,
  insertLeadingParams,
  removeDirective,
  replaceWorkflowBody,
  wrapInPlace,
  type EditContext,
} from "./edit-context.ts";
import type { DirectiveFunction } from "./find-directives.ts";

export const REGISTER_STEP_IMPORT = 'import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal";';

/** Applies step-mode edits for every directive function of a module. */
export function applyStepMode(ctx: EditContext, functions: DirectiveFunction[]): void {
  const { s, code } = ctx;
  ctx.header.set("__wf_registerStep", REGISTER_STEP_IMPORT);
  for (const fn of functions) {
    if (fn.kind === "workflow") {
      const nested = functions.filter((inner) => inner.parent === fn).map((inner) => [inner.fn.start, inner.fn.end] as [number, number]);
      replaceWorkflowBody(ctx, fn, nested);
      attachWorkflowId(ctx, fn, false);
      continue;
    }
    removeDirective(ctx, fn.directive);
    const id = JSON.stringify(fn.id);
    if (fn.parent) {
      insertLeadingParams(ctx, fn.fn, fn.captures);
      const methodHead = fn.form === "method" || fn.form === "static-method" ? "async function" : "";
      s.move(fn.fn.start, fn.fn.end, code.length);
      const [open, close] = fn.properties.length > 0 ? ["Object.assign(", `, { ${fn.properties.join(", ")} })`] : ["", ""];
      s.appendRight(fn.fn.start, `\n__wf_registerStep(${id}, ${open}${methodHead}`);
      s.appendLeft(fn.fn.end, `${close});\n`);
    } else if (fn.binding) {
      s.appendLeft(fn.statement.end, ` __wf_registerStep(${id}, ${fn.binding});`);
    } else {
      ctx.header.set("__wf_step", "const __wf_step = (id, fn) => (__wf_registerStep(id, fn), fn);");
      wrapInPlace(ctx, fn, "__wf_step");
    }
  }
}
