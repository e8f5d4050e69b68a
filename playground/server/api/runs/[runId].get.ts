// GET /api/runs/:runId: the run's status and times, plus returnValue when completed and error when failed.
import { defineHandler, getRouterParam } from "nitro/h3";
import { getRun } from "workflow/api";
import { describeError, isNotFound, jsonError } from "../../lib/json-error.ts";

export default defineHandler(async (event) => {
  const runId = getRouterParam(event, "runId") ?? "";
  let run: ReturnType<typeof getRun>;
  let fields: [string, Date, Date | undefined, Date | undefined];
  try {
    run = getRun(runId);
    fields = await Promise.all([run.status, run.createdAt, run.startedAt, run.completedAt]);
  } catch (error) {
    if (isNotFound(error)) return jsonError(404, `Unknown run "${runId}"`);
    throw error;
  }
  const [status, createdAt, startedAt, completedAt] = fields;
  const summary: Record<string, unknown> = { runId, status, createdAt, startedAt, completedAt };
  if (status === "completed") summary.returnValue = await run.returnValue;
  if (status === "failed") summary.error = await run.returnValue.then(() => undefined, describeError);
  return summary;
});
