import { sleep } from "workflow";
 
import defaultClient from "./mail";
import "./side-effect";

export async function sendReport(id: string) {

  await sleep("1 day");
  return deliver(id);
} sendReport.workflowId = "workflow//workflows/imports-pruned.ts//sendReport"; globalThis[Symbol.for("vite-workflow.registerWorkflow")]("workflow//workflows/imports-pruned.ts//sendReport", sendReport);

async function deliver(...args) { return globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/imports-pruned.ts//deliver")(...args);



} deliver.stepId = "step//workflows/imports-pruned.ts//deliver";

export const client = defaultClient;
