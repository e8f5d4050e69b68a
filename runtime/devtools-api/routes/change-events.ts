/**
 * GET /events   Server-Sent Events: `changed` notices `{ runs, streams, hooks }` (ids only, coalesced);
 *               the client refetches what it shows. A `ready` event opens the stream, comments keep it alive.
 */
import { EventStream, type H3 } from "h3";
import type { DevtoolsApiContext } from "../devtools-api-context.ts";
import { assertSameOrigin } from "../assert-same-origin.ts";
import { toErrorResponse } from "../devtools-api-error.ts";

const KEEP_ALIVE_MS = 15_000;

/** Registers the change feed. */
export function registerChangeEventsRoute(app: H3, base: string, ctx: DevtoolsApiContext): void {
  app.get(`${base}/events`, (event) => {
    try {
      assertSameOrigin(event.req);
    } catch (error) {
      return toErrorResponse(error);
    }
    const stream = new EventStream(event);
    const unsubscribe = ctx.hub.subscribe((batch) => {
      void stream.push({ event: "changed", data: JSON.stringify(batch) });
    });
    const keepAlive = setInterval(() => void stream.pushComment("ping"), KEEP_ALIVE_MS);
    stream.onClosed(() => {
      clearInterval(keepAlive);
      unsubscribe();
    });
    event.req.signal?.addEventListener("abort", () => void stream.close());
    void stream.push({ event: "ready", data: JSON.stringify({ time: Date.now() }), retry: 1000 });
    return stream;
  });
}
