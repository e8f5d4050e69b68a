import * as fs from "fs";
 

export async function processFileWorkflow(filePath: string) { throw new Error("\"workflow//workflows/workflow-and-steps-in-one-file.ts//processFileWorkflow\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(processFileWorkflow, [...args])`.");





} processFileWorkflow.workflowId = "workflow//workflows/workflow-and-steps-in-one-file.ts//processFileWorkflow";

async function read(filePath: string) {

  return fs.readFileSync(filePath, "utf-8");
} read.stepId = "step//workflows/workflow-and-steps-in-one-file.ts//read";
