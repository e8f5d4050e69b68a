import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal"; export async function pipeline(prefix: string) { throw new Error("\"workflow//workflows/nested-step-arrow-captures.ts//pipeline\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(pipeline, [...args])`.");



} pipeline.workflowId = "workflow//workflows/nested-step-arrow-captures.ts//pipeline";

__wf_registerStep("step//workflows/nested-step-arrow-captures.ts//pipeline/format", async (prefix, value: string) => {

    return `${prefix}:${value}`;
  });
