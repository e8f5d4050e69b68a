export async function twoTools() { throw new Error("\"workflow//workflows/duplicate-anonymous-names.ts//twoTools\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(twoTools, [...args])`.");










} twoTools.workflowId = "workflow//workflows/duplicate-anonymous-names.ts//twoTools";

function run(fn: () => Promise<number>) {
  return fn();
}
