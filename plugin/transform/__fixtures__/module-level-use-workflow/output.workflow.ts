

import { sleep } from "workflow";
import { notify } from "./steps";

export async function reminder(userId: string) {
  await sleep("1 day");
  await notify(userId);
} reminder.workflowId = "workflow//workflows/module-level-use-workflow.ts//reminder"; globalThis[Symbol.for("vite-workflow.registerWorkflow")]("workflow//workflows/module-level-use-workflow.ts//reminder", reminder);

export const nightly = async () => {
  await sleep("1 day");
}; nightly.workflowId = "workflow//workflows/module-level-use-workflow.ts//nightly"; globalThis[Symbol.for("vite-workflow.registerWorkflow")]("workflow//workflows/module-level-use-workflow.ts//nightly", nightly);
