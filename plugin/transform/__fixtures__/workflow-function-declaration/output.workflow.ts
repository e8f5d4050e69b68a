import { sleep } from "workflow";

export async function userSignup(email: string) {

  await sleep("7 days");
  return { email };
} userSignup.workflowId = "workflow//workflows/workflow-function-declaration.ts//userSignup"; globalThis[Symbol.for("vite-workflow.registerWorkflow")]("workflow//workflows/workflow-function-declaration.ts//userSignup", userSignup);
