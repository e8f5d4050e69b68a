import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal"; export async function greeter(name: string) { throw new Error("\"workflow//workflows/nested-step-no-captures.ts//greeter\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(greeter, [...args])`.");



} greeter.workflowId = "workflow//workflows/nested-step-no-captures.ts//greeter";

__wf_registerStep("step//workflows/nested-step-no-captures.ts//greeter/shout", async function shout(text: string) {

    return text.toUpperCase();
  });
