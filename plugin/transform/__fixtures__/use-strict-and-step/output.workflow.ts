export async function strict(...args) { return globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/use-strict-and-step.ts//strict")(...args);



} strict.stepId = "step//workflows/use-strict-and-step.ts//strict";
