export async function first() {

  async function work(...args) { return globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/same-name-different-workflows.ts//first/work")(...args);


}
  return work();
} first.workflowId = "workflow//workflows/same-name-different-workflows.ts//first"; globalThis[Symbol.for("vite-workflow.registerWorkflow")]("workflow//workflows/same-name-different-workflows.ts//first", first);

export async function second() {

  async function work(...args) { return globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/same-name-different-workflows.ts//second/work")(...args);


}
  return work();
} second.workflowId = "workflow//workflows/same-name-different-workflows.ts//second"; globalThis[Symbol.for("vite-workflow.registerWorkflow")]("workflow//workflows/same-name-different-workflows.ts//second", second);
