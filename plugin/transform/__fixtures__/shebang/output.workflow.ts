#!/usr/bin/env node
export async function cliStep(...args) { return globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/shebang.ts//cliStep")(...args);


} cliStep.stepId = "step//workflows/shebang.ts//cliStep";
