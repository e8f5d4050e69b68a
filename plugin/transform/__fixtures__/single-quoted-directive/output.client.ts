export async function quoted() {

  return 'single'
} quoted.stepId = "step//workflows/single-quoted-directive.ts//quoted";

export async function flow() { throw new Error("\"workflow//workflows/single-quoted-directive.ts//flow\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(flow, [...args])`."); } flow.workflowId = "workflow//workflows/single-quoted-directive.ts//flow";
