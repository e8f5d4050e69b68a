// GET /api/runs/:runId: the run's status and times, plus returnValue when completed and error when failed.
import { defineHandler, getRouterParam } from "nitro/h3";
import { getRun } from "workflow/api";
import { describeError, isNotFound, jsonError } from "../../lib/json-error.ts";

export default defineHandler(async (event) => {
  const runId = getRouterParam(event, "runId") ?? "";
  const run = getRun(runId);
  let status: string;
  try {
    status = await run.status;
  } catch (error) {
    if (isNotFound(error)) return jsonError(404, `Unknown run "${runId}"`);
    throw error;
  }
  const [createdAt, startedAt, completedAt] = await Promise.all([run.createdAt, run.startedAt, run.completedAt]);
  const summary: Record<string, unknown> = { runId, status, createdAt, startedAt, completedAt };
  if (status === "completed") summary.returnValue = await run.returnValue;
  if (status === "failed") summary.error = await run.returnValue.then(() => undefined, describeError);
  return summary;
});
