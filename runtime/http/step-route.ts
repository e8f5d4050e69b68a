// POST /.well-known/workflow/v1/step — an external queue delivers one step attempt:
// `{ "runId": "wrun_…", "correlationId": "step_…", "stepName": "step//…", "attempt": 1 }`.
import { RUN_ID_RE } from "../events/ids.ts";
import { WorkflowRunNotFoundError } from "../errors/run-errors.ts";
import { stepMessageId } from "../engine/correlation-id.ts";
import type { Runtime } from "../engine/create-runtime.ts";
import { HttpInputError, toErrorResponse } from "./error-status.ts";
import { readJsonObject, requireString } from "./read-json-body.ts";

const CORRELATION_ID_RE = /^step_[A-Za-z0-9_-]+$/;

/** Handles a step delivery: runs the attempt if the log says it is due. 200 once its outcome is durable. */
export function createStepRoute(runtime: Runtime) {
  return async function stepRoute(request: Request): Promise<Response> {
    try {
      const body = await readJsonObject(request);
      const runId = requireString(body, "runId", RUN_ID_RE);
      const correlationId = requireString(body, "correlationId", CORRELATION_ID_RE);
      const stepName = requireString(body, "stepName");
      const attempt = body.attempt ?? 1;
      if (!Number.isInteger(attempt) || (attempt as number) < 1) {
        throw new HttpInputError("ERR_HTTP_INVALID_BODY", 'Field "attempt" must be a positive integer.');
      }
      if (!(await runtime.world.getRun(runId))) throw new WorkflowRunNotFoundError(runId);
      const id = stepMessageId(correlationId, attempt as number);
      await runtime.handleMessage({ kind: "step", id, runId, correlationId, stepName, attempt: attempt as number, dueAt: Date.now() });
      return Response.json({ ok: true, runId, correlationId });
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}
