 

export async function readInWorkflow(path: string) { throw new Error("\"workflow//workflows/error-node-builtin-fs.ts//readInWorkflow\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(readInWorkflow, [...args])`.");


} readInWorkflow.workflowId = "workflow//workflows/error-node-builtin-fs.ts//readInWorkflow";
