// GET /api/runs/:runId: the run's status, and its return value once completed.
import { defineHandler, getRouterParam } from "nitro/h3";
import { getRun } from "workflow/api";

export default defineHandler(async (event) => {
  const run = getRun(getRouterParam(event, "runId") ?? "");
  const status = await run.status;
  return { status, returnValue: status === "completed" ? await run.returnValue : undefined };
});
