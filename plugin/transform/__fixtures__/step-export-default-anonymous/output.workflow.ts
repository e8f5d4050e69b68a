export default async function (...args) { return globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/step-export-default-anonymous.ts//default")(...args);


}
