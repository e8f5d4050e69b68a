export async function countdown(from: number) { throw new Error("\"workflow//workflows/nested-step-recursion.ts//countdown\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(countdown, [...args])`.");






} countdown.workflowId = "workflow//workflows/nested-step-recursion.ts//countdown";
