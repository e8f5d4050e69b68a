/**
 * GET /runs/:id/steps/:stepId/logs   Server-Sent Events: `line` events `{ attempt, level, at, text }` as the
 *                                    step prints them in this process, from the moment the client connects.
 *                                    Lines of finished attempts are in the run's log (`step_completed` /
 *                                    `step_failed`), so the panel shows those from the run and only follows
 *                                    this feed while an attempt runs.
 */
import { EventStream, type H3 } from "h3";
import { onStepLog } from "../../engine/step-log-capture.ts";
import type { DevtoolsApiContext } from "../devtools-api-context.ts";
import { assertSameOrigin } from "../assert-same-origin.ts";
import { toErrorResponse } from "../devtools-api-error.ts";
import { assertId } from "../validate-ids.ts";

const KEEP_ALIVE_MS = 15_000;

/** Registers the live step-log feed. */
export function registerStepLogRoute(app: H3, base: string, _ctx: DevtoolsApiContext): void {
  app.get(`${base}/runs/:id/steps/:stepId/logs`, (event) => {
    let runId: string;
    let stepId: string;
    try {
      assertSameOrigin(event.req);
      runId = assertId("run id", event.context.params?.id);
      stepId = assertId("step id", event.context.params?.stepId);
    } catch (error) {
      return toErrorResponse(error);
    }
    const stream = new EventStream(event);
    const stop = onStepLog((notice) => {
      if (notice.runId !== runId || notice.stepId !== stepId) return;
      void stream.push({ event: "line", data: JSON.stringify({ attempt: notice.attempt, ...notice.line }) });
    });
    const keepAlive = setInterval(() => void stream.pushComment("ping"), KEEP_ALIVE_MS);
    stream.onClosed(() => {
      clearInterval(keepAlive);
      stop();
    });
    event.req.signal?.addEventListener("abort", () => void stream.close());
    void stream.push({ event: "ready", data: JSON.stringify({ time: Date.now() }), retry: 1000 });
    return stream;
  });
}
