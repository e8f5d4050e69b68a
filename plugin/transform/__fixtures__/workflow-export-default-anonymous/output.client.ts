const __wf_workflow = (id, fn) => Object.assign(fn, { workflowId: id }); export default __wf_workflow("workflow//workflows/workflow-export-default-anonymous.ts//default", async function (url: string) { throw new Error("\"workflow//workflows/workflow-export-default-anonymous.ts//default\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(yourWorkflow, [...args])`.");


})
