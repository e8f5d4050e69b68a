export default async function processPayment(...args) { return globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/step-export-default-named.ts//processPayment")(...args);


} processPayment.stepId = "step//workflows/step-export-default-named.ts//processPayment";
