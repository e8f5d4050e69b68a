/**
 * Client mode, for application code that starts workflows:
 *   async function wf() { "use workflow"; ... }  →  async function wf() { throw new Error("...start()..."); } wf.workflowId = "workflow//…//wf";
 * Steps keep their bodies (they run as plain functions if called directly); only the directive goes.
 */
import { attachWorkflowId, removeDirective, replaceWorkflowBody, type EditContext } from "./edit-context.ts";
import type { DirectiveFunction } from "./find-directives.ts";

/** Applies client-mode edits for every directive function of a module. */
export function applyClientMode(ctx: EditContext, functions: DirectiveFunction[]): void {
  for (const fn of functions) {
    if (fn.parent) continue;
    if (fn.kind === "step") {
      removeDirective(ctx, fn.directive);
    } else {
      replaceWorkflowBody(ctx, fn, []);
      attachWorkflowId(ctx, fn, false);
    }
  }
}
