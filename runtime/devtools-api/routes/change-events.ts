/**
 * GET /events   Server-Sent Events: `changed` notices `{ runs, runSummaries, streams, hooks }` (ids, coalesced,
 *               plus the changed runs' summaries); the client refetches the rest of what it shows.
 *               A `ready` event opens the stream, comments keep it alive.
 */
import type { H3 } from "h3";
import type { DevtoolsApiContext } from "../devtools-api-context.ts";
import { assertSameOrigin } from "../assert-same-origin.ts";
import { toErrorResponse } from "../devtools-api-error.ts";
import { openNoticeFeed } from "./open-notice-feed.ts";

/** Registers the change feed. */
export function registerChangeEventsRoute(app: H3, base: string, ctx: DevtoolsApiContext): void {
  app.get(`${base}/events`, (event) => {
    try {
      assertSameOrigin(event.req);
    } catch (error) {
      return toErrorResponse(error);
    }
    return openNoticeFeed(event, (send) => ctx.hub.subscribe((batch) => send("changed", batch)));
  });
}
