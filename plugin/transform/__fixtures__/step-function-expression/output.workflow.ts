export const sendEmail = (globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/step-function-expression.ts//sendEmail")


);
