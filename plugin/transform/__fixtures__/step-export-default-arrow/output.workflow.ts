export default (globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/step-export-default-arrow.ts//default")


);
