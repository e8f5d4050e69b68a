import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal"; export async function flaky() {

  if (Math.random() < 0.5) throw new Error("try again");
  return "ok";
} __wf_registerStep("step//workflows/step-properties-assigned.ts//flaky", flaky);
flaky.maxRetries = 5;

export const arrowStep = async () => {

  return 1;
}; __wf_registerStep("step//workflows/step-properties-assigned.ts//arrowStep", arrowStep);
arrowStep.maxRetries = 0;
