import { sleep } from "workflow";
import { db, type Row } from "./db";
import defaultClient, { mailer as mail } from "./mail";
import "./side-effect";

export async function sendReport(id: string) {
  "use workflow";
  await sleep("1 day");
  return deliver(id);
}

async function deliver(id: string): Promise<Row> {
  "use step";
  await mail.send(defaultClient, id);
  return db.rows[0];
}

export const client = defaultClient;
