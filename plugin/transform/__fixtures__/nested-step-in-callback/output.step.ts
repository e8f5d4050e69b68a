import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal"; export async function fanOut(items: string[], tag: string) { throw new Error("\"workflow//workflows/nested-step-in-callback.ts//fanOut\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(fanOut, [...args])`.");







} fanOut.workflowId = "workflow//workflows/nested-step-in-callback.ts//fanOut";

__wf_registerStep("step//workflows/nested-step-in-callback.ts//fanOut/handle", async (tag, item, index) => {

        return `${tag}/${item}/${index}`;
      });
