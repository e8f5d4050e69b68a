import { json } from "@sveltejs/kit";
import { getRun } from "workflow/api";

export async function GET({ url }) {
  const run = getRun(url.searchParams.get("runId") ?? "");
  const status = await run.status;
  return json({ status, returnValue: status === "completed" ? await run.returnValue : undefined });
}
