import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal";  

export async function userSignup(email: string) { throw new Error("\"workflow//workflows/workflow-function-declaration.ts//userSignup\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(userSignup, [...args])`.");



} userSignup.workflowId = "workflow//workflows/workflow-function-declaration.ts//userSignup";
