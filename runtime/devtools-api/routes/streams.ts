/**
 * GET /streams/:name?from=N   Server-Sent Events tailing one stream: `chunk` events `{ index, text | base64 }`
 *                             (event id = chunk index, so a reconnect resumes via Last-Event-ID), then `end`.
 */
import { EventStream, type H3 } from "h3";
import type { DevtoolsApiContext } from "../devtools-api-context.ts";
import { assertSameOrigin } from "../assert-same-origin.ts";
import { DevtoolsApiError, toErrorResponse } from "../devtools-api-error.ts";
import { assertId } from "../validate-ids.ts";
import { parseIntParam } from "./runs.ts";

/** Registers the stream tail. */
export function registerStreamRoutes(app: H3, base: string, ctx: DevtoolsApiContext): void {
  app.get(`${base}/streams/**:name`, (event) => {
    let name: string;
    let from: number;
    try {
      assertSameOrigin(event.req);
      name = assertId("stream name", decodeParam(event.context.params?.name));
      const lastId = event.req.headers.get("last-event-id");
      from = lastId !== null && /^\d{1,12}$/.test(lastId)
        ? Number(lastId) + 1
        : parseIntParam(new URL(event.req.url).searchParams.get("from"), "from", 0, 0, Number.MAX_SAFE_INTEGER);
    } catch (error) {
      return toErrorResponse(error);
    }
    const stream = new EventStream(event);
    const abort = new AbortController();
    stream.onClosed(() => abort.abort());
    event.req.signal?.addEventListener("abort", () => abort.abort());
    void pump(ctx, name, from, stream, abort.signal);
    return stream;
  });
}

async function pump(ctx: DevtoolsApiContext, name: string, from: number, stream: EventStream, signal: AbortSignal) {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let index = from;
  try {
    for await (const chunk of ctx.world.streams.read(name, { startIndex: from, signal })) {
      if (signal.aborted) return;
      await stream.push({ id: String(index), event: "chunk", data: JSON.stringify(encodeChunk(decoder, index, chunk)) });
      index++;
    }
    if (!signal.aborted) await stream.push({ event: "end", data: JSON.stringify({ count: index }) });
  } catch (error) {
    if (!signal.aborted) {
      await stream.push({ event: "failed", data: JSON.stringify({ message: (error as Error)?.message ?? String(error) }) });
    }
  } finally {
    await stream.close();
  }
}

function encodeChunk(decoder: TextDecoder, index: number, chunk: Uint8Array): { index: number; text?: string; base64?: string } {
  try {
    return { index, text: decoder.decode(chunk) };
  } catch {
    return { index, base64: Buffer.from(chunk).toString("base64") };
  }
}

function decodeParam(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    throw new DevtoolsApiError("ERR_DEVTOOLS_INVALID_ID", "Malformed percent-encoding in stream name.");
  }
}
