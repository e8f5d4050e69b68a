import { sleep } from "workflow";

export const onboarding = async (userId: string) => {

  await sleep("1 hour");
  return userId;
}; onboarding.workflowId = "workflow//workflows/workflow-arrow-const.ts//onboarding"; globalThis[Symbol.for("vite-workflow.registerWorkflow")]("workflow//workflows/workflow-arrow-const.ts//onboarding", onboarding);
