 
import { db, type Row } from "./db";
import defaultClient, { mailer as mail } from "./mail";
import "./side-effect";

export async function sendReport(id: string) { throw new Error("\"workflow//workflows/imports-pruned.ts//sendReport\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(sendReport, [...args])`.");



} sendReport.workflowId = "workflow//workflows/imports-pruned.ts//sendReport";

async function deliver(id: string): Promise<Row> {

  await mail.send(defaultClient, id);
  return db.rows[0];
} deliver.stepId = "step//workflows/imports-pruned.ts//deliver";

export const client = defaultClient;
