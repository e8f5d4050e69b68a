async function createUser(...args) { return globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/step-function-declaration.ts//createUser")(...args);


} createUser.stepId = "step//workflows/step-function-declaration.ts//createUser";

export async function run() {
  return createUser("a@b.c");
}
