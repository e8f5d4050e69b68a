export async function pipeline(prefix: string) {

  const format = ((...args) => globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/nested-step-arrow-captures.ts//pipeline/format")(prefix, ...args)


);
  return format("x");
} pipeline.workflowId = "workflow//workflows/nested-step-arrow-captures.ts//pipeline"; globalThis[Symbol.for("vite-workflow.registerWorkflow")]("workflow//workflows/nested-step-arrow-captures.ts//pipeline", pipeline);
