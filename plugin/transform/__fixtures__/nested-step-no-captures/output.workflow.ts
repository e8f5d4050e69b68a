export async function greeter(name: string) {

  async function shout(...args) { return globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/nested-step-no-captures.ts//greeter/shout")(...args);


}
  return shout(name);
} greeter.workflowId = "workflow//workflows/nested-step-no-captures.ts//greeter"; globalThis[Symbol.for("vite-workflow.registerWorkflow")]("workflow//workflows/nested-step-no-captures.ts//greeter", greeter);
