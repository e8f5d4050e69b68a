export async function createUser(...args) { return globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/step-exported-declaration.ts//createUser")(...args);


} createUser.stepId = "step//workflows/step-exported-declaration.ts//createUser";
