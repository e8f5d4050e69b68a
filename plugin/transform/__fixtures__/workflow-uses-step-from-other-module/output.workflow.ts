import { createUser, sendWelcomeEmail } from "./steps";
import { sleep } from "workflow";

export async function handleUserSignup(email: string) {

  const user = await createUser(email);
  await sendWelcomeEmail(user);
  await sleep("5s");
  return { userId: user.id };
} handleUserSignup.workflowId = "workflow//workflows/workflow-uses-step-from-other-module.ts//handleUserSignup"; globalThis[Symbol.for("vite-workflow.registerWorkflow")]("workflow//workflows/workflow-uses-step-from-other-module.ts//handleUserSignup", handleUserSignup);
