import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal"; export async function shadow({ user, limit }: { user: string; limit: number }, [first]: string[]) { throw new Error("\"workflow//workflows/nested-step-shadowing.ts//shadow\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(shadow, [...args])`.");




} shadow.workflowId = "workflow//workflows/nested-step-shadowing.ts//shadow";

__wf_registerStep("step//workflows/nested-step-shadowing.ts//shadow/inner", async function inner(first, user, label: string) {

    const limit = 3;
    for (const item of [first]) {
      try {
        return { label, limit, item, user };
      } catch (user) {
        return user;
      }
    }
  });
