export class Flows {
  static async ingest(source: string) { throw new Error("\"workflow//workflows/workflow-static-method.ts//Flows/ingest\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(Flows.ingest, [...args])`.");


}
} Flows.ingest.workflowId = "workflow//workflows/workflow-static-method.ts//Flows/ingest";
