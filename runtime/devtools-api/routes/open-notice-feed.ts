import { EventStream, type H3Event } from "h3";

const KEEP_ALIVE_MS = 15_000;

/**
 * Answers with a Server-Sent Events feed of notices: `subscribe` gets a `send(event, data)` and returns how
 * to stop. A `ready` event opens the feed (with the client's reconnect delay), comments keep it alive, and
 * the subscription ends when the client goes.
 */
export function openNoticeFeed(event: H3Event, subscribe: (send: (name: string, data: unknown) => void) => () => void): EventStream {
  const stream = new EventStream(event);
  const stop = subscribe((name, data) => void stream.push({ event: name, data: JSON.stringify(data) }));
  const keepAlive = setInterval(() => void stream.pushComment("ping"), KEEP_ALIVE_MS);
  stream.onClosed(() => {
    clearInterval(keepAlive);
    stop();
  });
  event.req.signal?.addEventListener("abort", () => void stream.close());
  void stream.push({ event: "ready", data: JSON.stringify({ time: Date.now() }), retry: 1000 });
  return stream;
}
