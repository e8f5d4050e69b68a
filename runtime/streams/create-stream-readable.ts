import type { StreamStore } from "../world/world.ts";
import { bindStream, type StreamBinding } from "./stream-bindings.ts";
import { decodeStreamChunk } from "./stream-chunk-codec.ts";
import { assertStartIndex, assertStreamName } from "./stream-names.ts";

/** Options of `createStreamReadable`. */
export interface StreamReadableOptions {
  /** Index of the first chunk to deliver (chunks are numbered from 0 in write order). Default: 0. */
  startIndex?: number;
}

/**
 * A real `ReadableStream` over a named store stream: replays the stored chunks from `startIndex`, then tails
 * live ones until the stream is closed (or errors with the reason its producer recorded). Nothing is read
 * before the consumer asks (no read-ahead), so memory stays at one chunk; `cancel()` stops the store read.
 * @example for await (const chunk of createStreamReadable(world.streams, userStreamName(runId))) …
 */
export function createStreamReadable<R = unknown>(store: StreamStore, name: string, options: StreamReadableOptions = {}): ReadableStream<R> {
  assertStreamName(name);
  const startIndex = options.startIndex ?? 0;
  assertStartIndex(startIndex);
  const abort = new AbortController();
  const binding: StreamBinding = { kind: "readable", name, startIndex, delivered: 0 };
  let iterator: AsyncIterator<Uint8Array> | undefined;
  let finished = false;

  async function stop(): Promise<void> {
    finished = true;
    abort.abort();
    await iterator?.return?.();
  }

  const readable = new ReadableStream<R>(
    {
      async pull(controller) {
        if (finished) return;
        iterator ??= store.read(name, { startIndex, signal: abort.signal })[Symbol.asyncIterator]();
        let record: DecodedRecord;
        try {
          const next = await iterator.next();
          if (finished) return;
          if (next.done) {
            finished = true;
            controller.close();
            return;
          }
          record = decodeStreamChunk(next.value);
        } catch (error) {
          if (finished) return;
          await stop();
          throw error;
        }
        binding.delivered++;
        if (record.kind === "error") {
          await stop();
          controller.error(record.error);
          return;
        }
        controller.enqueue(record.value as R);
      },
      cancel: stop,
    },
    { highWaterMark: 0 },
  );
  bindStream(readable, binding);
  return readable;
}

type DecodedRecord = ReturnType<typeof decodeStreamChunk>;
