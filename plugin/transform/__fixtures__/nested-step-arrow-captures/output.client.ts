export async function pipeline(prefix: string) { throw new Error("\"workflow//workflows/nested-step-arrow-captures.ts//pipeline\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(pipeline, [...args])`.");






} pipeline.workflowId = "workflow//workflows/nested-step-arrow-captures.ts//pipeline";
