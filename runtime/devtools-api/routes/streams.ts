/**
 * GET /streams/:name?from=N   Server-Sent Events tailing one stream, then `end`. `chunk` events (event id =
 *                             chunk index, so a reconnect resumes via Last-Event-ID) carry `{ index, ... }`:
 *                             `value` (devalue text of a written value), `bytes: true` with `text` or `base64`
 *                             (a `Uint8Array` chunk), or `error` (devalue text of the error the stream failed
 *                             with); a record in no known format comes as `text` or `base64`.
 */
import { EventStream, type H3 } from "h3";
import { CHUNK_TAG } from "../../streams/stream-chunk-codec.ts";
import { readVisibleRecords } from "../../streams/read-visible-records.ts";
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
    const readEvents = (runId: string, at?: number) => ctx.world.readEvents(runId, at);
    // Records of superseded step attempts are skipped; event ids stay stored positions, for Last-Event-ID.
    for await (const { index: position, record: chunk } of readVisibleRecords(ctx.world.streams, name, { startIndex: from, signal, readEvents })) {
      if (signal.aborted) return;
      index = position;
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

/** What the panel receives for one stored chunk record (see the stream chunk codec's tags). */
export interface ChunkNotice {
  index: number;
  value?: string;
  error?: string;
  bytes?: true;
  text?: string;
  base64?: string;
}

function encodeChunk(decoder: TextDecoder, index: number, record: Uint8Array): ChunkNotice {
  const tag = record[0];
  const payload = record.subarray(1);
  if (tag === CHUNK_TAG.value || tag === CHUNK_TAG.error) {
    const text = decodeText(decoder, payload);
    if (text !== undefined) return tag === CHUNK_TAG.value ? { index, value: text } : { index, error: text };
  }
  const bytes = tag === CHUNK_TAG.bytes ? payload : record;
  const text = decodeText(decoder, bytes);
  return {
    index,
    ...(tag === CHUNK_TAG.bytes ? { bytes: true as const } : {}),
    ...(text === undefined ? { base64: Buffer.from(bytes).toString("base64") } : { text }),
  };
}

function decodeText(decoder: TextDecoder, bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
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
