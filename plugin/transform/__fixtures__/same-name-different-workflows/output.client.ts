export async function first() { throw new Error("\"workflow//workflows/same-name-different-workflows.ts//first\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(first, [...args])`.");






} first.workflowId = "workflow//workflows/same-name-different-workflows.ts//first";

export async function second() { throw new Error("\"workflow//workflows/same-name-different-workflows.ts//second\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(second, [...args])`.");






} second.workflowId = "workflow//workflows/same-name-different-workflows.ts//second";
