const __wf_workflow = (id, fn) => (globalThis[Symbol.for("vite-workflow.registerWorkflow")](id, Object.assign(fn, { workflowId: id })), fn); export const workflows = {
  daily: __wf_workflow("workflow//workflows/workflow-object-property.ts//workflows/daily", async (day: string) => {

    return day;
  }),
};
