export async function twoTools() {

  const a = run((globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/duplicate-anonymous-names.ts//twoTools/anonymous")


));
  const b = run((globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/duplicate-anonymous-names.ts//twoTools/anonymous$2")


));
  return [await a, await b];
} twoTools.workflowId = "workflow//workflows/duplicate-anonymous-names.ts//twoTools"; globalThis[Symbol.for("vite-workflow.registerWorkflow")]("workflow//workflows/duplicate-anonymous-names.ts//twoTools", twoTools);

function run(fn: () => Promise<number>) {
  return fn();
}
