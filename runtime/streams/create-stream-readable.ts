import type { StreamStore } from "../world/world.ts";
import type { RunLogReader } from "./attempt-visibility.ts";
import { readVisibleRecords } from "./read-visible-records.ts";
import { bindStream, type StreamBinding } from "./stream-bindings.ts";
import { decodeStreamChunk } from "./stream-chunk-codec.ts";
import { assertStartIndex, assertStreamName } from "./stream-names.ts";

/** Options of `createStreamReadable`. */
export interface StreamReadableOptions {
  /**
   * Index of the first chunk to deliver: chunks are numbered from 0 in the order this reader would deliver
   * them, so skipped records of superseded step attempts do not count. Default: 0.
   */
  startIndex?: number;
  /** The run log reader deciding which attempts' chunks to skip. Default: the one attached to `store`. */
  readEvents?: RunLogReader;
}

/**
 * A real `ReadableStream` over a named store stream: replays the stored chunks from `startIndex`, then tails
 * live ones until the stream is closed (or errors with the reason its producer recorded). Nothing is read
 * before the consumer asks (no read-ahead), so memory stays at one chunk; `cancel()` stops the store read.
 *
 * Across step retries and crashes: chunks a step writes are tagged with its attempt, and the reader skips
 * those of attempts the run's log shows as superseded (a later attempt started, the attempt failed, or the
 * run ended before it completed). A reader that starts after a step ended sees each chunk of its completing
 * attempt exactly once and none of the others. A reader tailing live delivers an attempt's chunks as they
 * are written, so it may already have delivered chunks of an attempt that later fails: live readers are
 * at-least-once across retries. Chunks written outside a step attempt (`start()` arguments) are always read.
 * @example for await (const chunk of createStreamReadable(world.streams, userStreamName(runId))) …
 */
export function createStreamReadable<R = unknown>(store: StreamStore, name: string, options: StreamReadableOptions = {}): ReadableStream<R> {
  assertStreamName(name);
  const startIndex = options.startIndex ?? 0;
  assertStartIndex(startIndex);
  const abort = new AbortController();
  const binding: StreamBinding = { kind: "readable", name, startIndex, delivered: 0 };
  let iterator: AsyncIterator<{ index: number; record: Uint8Array }> | undefined;
  /** Visible chunks still to pass over before `startIndex` is reached. */
  let toSkip = startIndex;
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
        iterator ??= readVisibleRecords(store, name, { signal: abort.signal, ...(options.readEvents ? { readEvents: options.readEvents } : {}) });
        let record: DecodedRecord;
        try {
          let next = await iterator.next();
          // `startIndex` counts chunks this reader delivers: the ones before it are read and dropped.
          while (!next.done && toSkip > 0) {
            toSkip--;
            next = await iterator.next();
          }
          if (finished) return;
          if (next.done) {
            finished = true;
            controller.close();
            return;
          }
          record = decodeStreamChunk(next.value.record);
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
