 

export const onboarding = async (userId: string) => { throw new Error("\"workflow//workflows/workflow-arrow-const.ts//onboarding\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(onboarding, [...args])`.");



}; onboarding.workflowId = "workflow//workflows/workflow-arrow-const.ts//onboarding";
