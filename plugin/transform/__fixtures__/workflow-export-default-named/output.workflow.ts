export default async function importCsv(url: string) {

  return url;
} importCsv.workflowId = "workflow//workflows/workflow-export-default-named.ts//importCsv"; globalThis[Symbol.for("vite-workflow.registerWorkflow")]("workflow//workflows/workflow-export-default-named.ts//importCsv", importCsv);
