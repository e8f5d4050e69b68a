import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal"; export async function countdown(from: number) { throw new Error("\"workflow//workflows/nested-step-recursion.ts//countdown\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(countdown, [...args])`.");



} countdown.workflowId = "workflow//workflows/nested-step-recursion.ts//countdown";

__wf_registerStep("step//workflows/nested-step-recursion.ts//countdown/tick", async function tick(n: number): Promise<number> {

    return n <= 0 ? 0 : tick(n - 1);
  });
