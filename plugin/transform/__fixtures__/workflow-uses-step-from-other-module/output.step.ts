import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal";  
 

export async function handleUserSignup(email: string) { throw new Error("\"workflow//workflows/workflow-uses-step-from-other-module.ts//handleUserSignup\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(handleUserSignup, [...args])`.");





} handleUserSignup.workflowId = "workflow//workflows/workflow-uses-step-from-other-module.ts//handleUserSignup";
