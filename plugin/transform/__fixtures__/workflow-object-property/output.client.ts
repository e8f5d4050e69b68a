const __wf_workflow = (id, fn) => Object.assign(fn, { workflowId: id }); export const workflows = {
  daily: __wf_workflow("workflow//workflows/workflow-object-property.ts//workflows/daily", async (day: string) => { throw new Error("\"workflow//workflows/workflow-object-property.ts//workflows/daily\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(daily, [...args])`.");


}),
};
