 

export async function chat(prompt: string, apiKey: string) { throw new Error("\"workflow//workflows/nested-step-object-tools.ts//chat\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(chat, [...args])`.");












} chat.workflowId = "workflow//workflows/nested-step-object-tools.ts//chat";
