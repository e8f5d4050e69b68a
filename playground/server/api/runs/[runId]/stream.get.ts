// GET /api/runs/:runId/stream: the run's default stream as NDJSON, one line per chunk, live until closed.
import { defineHandler, getRouterParam } from "nitro/h3";
import { getRun } from "workflow/api";
import { isNotFound, jsonError } from "../../../lib/json-error.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/**
 * Sent before any chunk: one byte of JSON whitespace (it leads the first line, which stays one JSON value).
 * A server sends the status and headers with the first body byte, and so does a proxy in front of it (the
 * Vite dev server forwarding to Nitro's worker, with its worker runner), so without it a client would wait
 * for headers until the run writes its first chunk, or forever for a run that never writes one.
 */
const FIRST_BYTE = encoder.encode(" ");

export default defineHandler(async (event) => {
  const runId = getRouterParam(event, "runId") ?? "";
  let run: ReturnType<typeof getRun>;
  try {
    run = getRun(runId);
    await run.status;
  } catch (error) {
    if (isNotFound(error)) return jsonError(404, `Unknown run "${runId}"`);
    throw error;
  }
  const lines = run.getReadable().pipeThrough(
    new TransformStream<unknown, Uint8Array>({
      start(controller) {
        controller.enqueue(FIRST_BYTE);
      },
      transform(chunk, controller) {
        const value = chunk instanceof Uint8Array ? decoder.decode(chunk) : chunk;
        controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`));
      },
    }),
  );
  return new Response(lines, { headers: { "content-type": "application/x-ndjson", "cache-control": "no-store" } });
});
