const __wf_workflow = (id, fn) => (globalThis[Symbol.for("vite-workflow.registerWorkflow")](id, Object.assign(fn, { workflowId: id })), fn); export default __wf_workflow("workflow//workflows/workflow-export-default-anonymous.ts//default", async function (url: string) {

  return url;
})
