// Imports a user.
export async function importUser(...args) { return globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/comments-before-directive.ts//importUser")(...args);



} importUser.stepId = "step//workflows/comments-before-directive.ts//importUser";
