import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal";  

export async function token() { throw new Error("\"workflow//workflows/error-node-builtin-prefixed.ts//token\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(token, [...args])`.");


} token.workflowId = "workflow//workflows/error-node-builtin-prefixed.ts//token";
