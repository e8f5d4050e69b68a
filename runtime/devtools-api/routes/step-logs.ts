/**
 * GET /runs/:id/steps/:stepId/logs   Server-Sent Events: `line` events `{ attempt, level, at, text }` as the
 *                                    step prints them in this process, from the moment the client connects.
 *                                    Lines of finished attempts are in the run's log (`step_completed` /
 *                                    `step_failed`), so the panel shows those from the run and only follows
 *                                    this feed while an attempt runs.
 */
import type { H3 } from "h3";
import { onStepLog } from "../../engine/step-log-capture.ts";
import type { DevtoolsApiContext } from "../devtools-api-context.ts";
import { assertSameOrigin } from "../assert-same-origin.ts";
import { toErrorResponse } from "../devtools-api-error.ts";
import { assertId } from "../validate-ids.ts";
import { openNoticeFeed } from "./open-notice-feed.ts";

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
    return openNoticeFeed(event, (send) =>
      onStepLog((notice) => {
        if (notice.runId === runId && notice.stepId === stepId) send("line", { attempt: notice.attempt, ...notice.line });
      }),
    );
  });
}
