// GET /api/runs/:runId/stream: the run's default stream as NDJSON, one line per chunk, live until closed.
import { defineHandler, getRouterParam } from "nitro/h3";
import { getRun } from "workflow/api";
import { isNotFound, jsonError } from "../../../lib/json-error.ts";

export default defineHandler(async (event) => {
  const runId = getRouterParam(event, "runId") ?? "";
  const run = getRun(runId);
  try {
    await run.status;
  } catch (error) {
    if (isNotFound(error)) return jsonError(404, `Unknown run "${runId}"`);
    throw error;
  }
  const encoder = new TextEncoder();
  const lines = run.getReadable().pipeThrough(
    new TransformStream<unknown, Uint8Array>({
      transform(chunk, controller) {
        const value = chunk instanceof Uint8Array ? new TextDecoder().decode(chunk) : chunk;
        controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`));
      },
    }),
  );
  return new Response(lines, { headers: { "content-type": "application/x-ndjson", "cache-control": "no-store" } });
});
