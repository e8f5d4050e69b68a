 
import { FatalError, sleep } from "workflow";

export async function processFileWorkflow(filePath: string) {

  const content = await read(filePath);
  if (!content) throw new FatalError("empty file");
  await sleep("1s");
  return content;
} processFileWorkflow.workflowId = "workflow//workflows/workflow-and-steps-in-one-file.ts//processFileWorkflow"; globalThis[Symbol.for("vite-workflow.registerWorkflow")]("workflow//workflows/workflow-and-steps-in-one-file.ts//processFileWorkflow", processFileWorkflow);

async function read(...args) { return globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/workflow-and-steps-in-one-file.ts//read")(...args);


} read.stepId = "step//workflows/workflow-and-steps-in-one-file.ts//read";
