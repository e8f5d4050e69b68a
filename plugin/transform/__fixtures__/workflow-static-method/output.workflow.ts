export class Flows {
  static async ingest(source: string) {

    return source;
  }
} Flows.ingest.workflowId = "workflow//workflows/workflow-static-method.ts//Flows/ingest"; globalThis[Symbol.for("vite-workflow.registerWorkflow")]("workflow//workflows/workflow-static-method.ts//Flows/ingest", Flows.ingest);
