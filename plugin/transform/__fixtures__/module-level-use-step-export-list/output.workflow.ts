

async function first(...args) { return globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/module-level-use-step-export-list.ts//first")(...args);

} first.stepId = "step//workflows/module-level-use-step-export-list.ts//first";

const second = globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/module-level-use-step-export-list.ts//second");

export { first, second as double };
