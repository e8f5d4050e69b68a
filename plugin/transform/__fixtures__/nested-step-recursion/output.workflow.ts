export async function countdown(from: number) {

  async function tick(...args) { return globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/nested-step-recursion.ts//countdown/tick")(...args);


}
  return tick(from);
} countdown.workflowId = "workflow//workflows/nested-step-recursion.ts//countdown"; globalThis[Symbol.for("vite-workflow.registerWorkflow")]("workflow//workflows/nested-step-recursion.ts//countdown", countdown);
