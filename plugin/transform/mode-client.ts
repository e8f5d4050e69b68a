/**
 * Client mode, for application code that starts workflows:
 *   async function wf() { "use workflow"; ... }  →  async function wf() { throw new Error("...start()..."); } wf.workflowId = "workflow//…//wf";
 *   async function s(x) { "use step"; ... }  →  async function s(x) { ... } s.stepId = "step//…//s";
 * Steps keep their bodies (they run as plain functions if called directly); the directive goes, and the
 * step id is attached so a step function passed to start() travels as a reference to the registered step.
 */
import { attachStepId, attachWorkflowId, removeDirective, replaceWorkflowBody, type EditContext } from "./edit-context.ts";
import type { DirectiveFunction } from "./find-directives.ts";

/** Applies client-mode edits for every directive function of a module. */
export function applyClientMode(ctx: EditContext, functions: DirectiveFunction[]): void {
  for (const fn of functions) {
    if (fn.parent) continue;
    if (fn.kind === "step") {
      removeDirective(ctx, fn.directive);
      attachStepId(ctx, fn);
    } else {
      replaceWorkflowBody(ctx, fn, []);
      attachWorkflowId(ctx, fn, false);
    }
  }
}
