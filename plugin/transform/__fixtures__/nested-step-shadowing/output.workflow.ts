export async function shadow({ user, limit }: { user: string; limit: number }, [first]: string[]) {

  const label = "outer";
  async function inner(...args) { return globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/nested-step-shadowing.ts//shadow/inner")(first, user, ...args);









}
  return inner(label);
} shadow.workflowId = "workflow//workflows/nested-step-shadowing.ts//shadow"; globalThis[Symbol.for("vite-workflow.registerWorkflow")]("workflow//workflows/nested-step-shadowing.ts//shadow", shadow);
