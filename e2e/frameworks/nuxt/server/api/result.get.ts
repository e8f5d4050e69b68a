import { getRun } from "workflow/api";

export default defineEventHandler(async (event) => {
  const run = getRun(String(getQuery(event).runId ?? ""));
  const status = await run.status;
  return { status, returnValue: status === "completed" ? await run.returnValue : undefined };
});
