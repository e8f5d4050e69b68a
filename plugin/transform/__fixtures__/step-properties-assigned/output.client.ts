export async function flaky() {

  if (Math.random() < 0.5) throw new Error("try again");
  return "ok";
} flaky.stepId = "step//workflows/step-properties-assigned.ts//flaky";
flaky.maxRetries = 5;

export const arrowStep = async () => {

  return 1;
}; arrowStep.stepId = "step//workflows/step-properties-assigned.ts//arrowStep";
arrowStep.maxRetries = 0;
