

 
 

export async function reminder(userId: string) { throw new Error("\"workflow//workflows/module-level-use-workflow.ts//reminder\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(reminder, [...args])`.");


} reminder.workflowId = "workflow//workflows/module-level-use-workflow.ts//reminder";

export const nightly = async () => { throw new Error("\"workflow//workflows/module-level-use-workflow.ts//nightly\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(nightly, [...args])`.");

}; nightly.workflowId = "workflow//workflows/module-level-use-workflow.ts//nightly";
