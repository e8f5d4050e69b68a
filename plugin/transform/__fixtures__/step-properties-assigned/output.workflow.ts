export async function flaky(...args) { return globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/step-properties-assigned.ts//flaky")(...args);



} flaky.stepId = "step//workflows/step-properties-assigned.ts//flaky";
flaky.maxRetries = 5;

export const arrowStep = (globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/step-properties-assigned.ts//arrowStep")


);
arrowStep.maxRetries = 0;
