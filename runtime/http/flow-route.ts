// POST /.well-known/workflow/v1/flow — an external queue delivers a flow message: `{ "runId": "wrun_…" }`.
import { RUN_ID_RE } from "../events/ids.ts";
import { WorkflowRunNotFoundError } from "../errors/run-errors.ts";
import { runMessageId } from "../engine/correlation-id.ts";
import type { Runtime } from "../engine/create-runtime.ts";
import { toErrorResponse } from "./error-status.ts";
import { readJsonObject, requireString } from "./read-json-body.ts";

/** Handles a flow delivery: starts or resumes the run, completes due sleeps. 200 once handled. */
export function createFlowRoute(runtime: Runtime) {
  return async function flowRoute(request: Request): Promise<Response> {
    try {
      const body = await readJsonObject(request);
      const runId = requireString(body, "runId", RUN_ID_RE);
      if (!(await runtime.world.getRun(runId))) throw new WorkflowRunNotFoundError(runId);
      await runtime.handleMessage({ kind: "flow", id: runMessageId(runId), runId, dueAt: Date.now() });
      return Response.json({ ok: true, runId });
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}
