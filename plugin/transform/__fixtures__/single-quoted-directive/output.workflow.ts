export async function quoted(...args) { return globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/single-quoted-directive.ts//quoted")(...args);


} quoted.stepId = "step//workflows/single-quoted-directive.ts//quoted";

export async function flow() { return quoted() } flow.workflowId = "workflow//workflows/single-quoted-directive.ts//flow"; globalThis[Symbol.for("vite-workflow.registerWorkflow")]("workflow//workflows/single-quoted-directive.ts//flow", flow);
