import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal"; export async function twoTools() { throw new Error("\"workflow//workflows/duplicate-anonymous-names.ts//twoTools\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(twoTools, [...args])`.");




} twoTools.workflowId = "workflow//workflows/duplicate-anonymous-names.ts//twoTools";

function run(fn: () => Promise<number>) {
  return fn();
}

__wf_registerStep("step//workflows/duplicate-anonymous-names.ts//twoTools/anonymous", async () => {

    return 1;
  });

__wf_registerStep("step//workflows/duplicate-anonymous-names.ts//twoTools/anonymous$2", async () => {

    return 2;
  });
