export async function shadow({ user, limit }: { user: string; limit: number }, [first]: string[]) { throw new Error("\"workflow//workflows/nested-step-shadowing.ts//shadow\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(shadow, [...args])`.");














} shadow.workflowId = "workflow//workflows/nested-step-shadowing.ts//shadow";
