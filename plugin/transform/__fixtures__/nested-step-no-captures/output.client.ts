export async function greeter(name: string) { throw new Error("\"workflow//workflows/nested-step-no-captures.ts//greeter\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(greeter, [...args])`.");






} greeter.workflowId = "workflow//workflows/nested-step-no-captures.ts//greeter";
