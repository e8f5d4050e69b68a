import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal"; export async function quoted() {

  return 'single'
} __wf_registerStep("step//workflows/single-quoted-directive.ts//quoted", quoted);

export async function flow() { throw new Error("\"workflow//workflows/single-quoted-directive.ts//flow\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(flow, [...args])`."); } flow.workflowId = "workflow//workflows/single-quoted-directive.ts//flow";
