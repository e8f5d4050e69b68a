import type { StreamStore } from "../world/world.ts";
import { bindStream } from "./stream-bindings.ts";
import { attemptPrefix, encodeStreamChunk, encodeStreamError, type StreamAttemptTag } from "./stream-chunk-codec.ts";
import { assertStreamName } from "./stream-names.ts";
import type { StreamPending } from "./stream-pending.ts";

/** Chunks a writer may queue before `writer.ready` waits (backpressure for `pipeTo` and careful writers). */
const QUEUE_HIGH_WATER_MARK = 16;
/** Most bytes and records gathered into one store write. */
const MAX_BATCH_BYTES = 256 * 1024;
const MAX_BATCH_RECORDS = 1024;

/** Options of `createStreamWritable`. */
export interface StreamWritableOptions {
  /** Collector that must see this writable's accepted chunks durable before a step completes. Default: none. */
  pending?: StreamPending;
  /**
   * The step attempt writing: every record is tagged with it (readers skip superseded attempts), and
   * nothing is stored before `ready` resolves (the attempt's `step_started` is durable), so two executions
   * of a step never share an attempt number in the store. Default: untagged, written at once.
   */
  attempt?: { tag: StreamAttemptTag; ready?: Promise<unknown> };
}

/**
 * A real `WritableStream` over a named store stream: chunks are encoded (`Uint8Array` raw, other values
 * serialized) and appended in order by one background store write at a time; chunks written meanwhile
 * (awaited one by one or not) are grouped into the next store write, so a writer never waits for a disk
 * flush per chunk. `write()` resolves once its chunk is accepted, and waits for the store only while the
 * chunks not yet stored reach a batch (backpressure); `close()` resolves once every chunk is durable and the
 * stream is closed, and `pending` (a step's collector) sees every accepted chunk durable before the step
 * completes. A failed store write makes the next `write()`, `close()` and `pending` reject.
 * `abort(reason)` records `reason` so readers error with it.
 * @example const writable = createStreamWritable(world.streams, userStreamName(runId));
 */
export function createStreamWritable<W = unknown>(store: StreamStore, name: string, options: StreamWritableOptions = {}): WritableStream<W> {
  assertStreamName(name);
  const prefix = options.attempt ? attemptPrefix(options.attempt.tag) : undefined;
  let ready = options.attempt?.ready;
  let batch: Uint8Array[] = [];
  let batchBytes = 0;
  /** Size of the store write in progress (chunks accepted, not yet durable). */
  let writingBytes = 0;
  let writingRecords = 0;
  let flushing: Promise<void> | undefined;
  let failure: { error: unknown } | undefined;
  /** The stream errored (bad chunk, store failure, abort): queued chunks will never reach the sink. */
  let broken = false;
  /** Chunks accepted by `writer.write()` and not yet handed to the sink. */
  let queued = 0;
  let idleWaiters: Array<() => void> = [];

  const isIdle = () => !flushing && (broken || (queued === 0 && batch.length === 0));
  function wakeIdle(): void {
    if (!isIdle()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const wake of waiters) wake();
  }

  async function drain(): Promise<void> {
    // Yield once so `flushing` is assigned before this settles, even when the store fails synchronously.
    await undefined;
    try {
      if (ready) {
        await ready;
        ready = undefined;
      }
      while (batch.length > 0) {
        const records = batch;
        writingBytes = batchBytes;
        writingRecords = records.length;
        batch = [];
        batchBytes = 0;
        await store.write(name, records);
        writingBytes = 0;
        writingRecords = 0;
      }
    } catch (error) {
      failure ??= { error };
      broken = true;
      throw error;
    } finally {
      flushing = undefined;
      wakeIdle();
    }
  }

  /** Starts the background drain unless it runs; resolves once every chunk accepted so far is durable. */
  function flush(): Promise<void> {
    if (failure) return Promise.reject(failure.error);
    if (!flushing && batch.length === 0) return Promise.resolve();
    if (!flushing) {
      flushing = drain();
      // Observed here: a failure is reported by the next write, close or pending barrier.
      flushing.catch(() => undefined);
    }
    return flushing;
  }

  /** A chunk could not be encoded: the chunks accepted before it are still written, then the stream errors. */
  async function failAfterFlush(error: unknown): Promise<never> {
    if (batch.length > 0) await flush().catch(() => undefined);
    wakeIdle();
    throw error;
  }

  const writable = new WritableStream<W>(
    {
      write(chunk) {
        queued--;
        let record: Uint8Array;
        try {
          record = encodeStreamChunk(chunk, prefix);
        } catch (error) {
          broken = true;
          return failAfterFlush(error);
        }
        if (failure) throw failure.error;
        batch.push(record);
        batchBytes += record.byteLength;
        const full = batchBytes + writingBytes >= MAX_BATCH_BYTES || batch.length + writingRecords >= MAX_BATCH_RECORDS;
        // More chunks are queued behind this one: let them join the batch before writing.
        if (queued > 0 && !full) return;
        const stored = flush();
        // Backpressure: wait for the store only once a batch worth of chunks is not yet stored.
        return full ? stored : undefined;
      },
      async close() {
        await flush();
        if (ready) await ready;
        await store.close(name);
      },
      async abort(reason) {
        broken = true;
        try {
          await flush().catch(() => undefined);
          if (failure) throw failure.error;
          if (ready) await ready;
          await store.write(name, [encodeStreamError(reason, prefix)]);
          await store.close(name);
        } catch (error) {
          failure ??= { error };
          throw error;
        } finally {
          wakeIdle();
        }
      },
    },
    {
      highWaterMark: QUEUE_HIGH_WATER_MARK,
      size() {
        queued++;
        return 1;
      },
    },
  );

  bindStream(writable, { kind: "writable", name, failure: () => failure?.error });
  options.pending?.track(async () => {
    if (!isIdle()) await new Promise<void>((resolve) => idleWaiters.push(resolve));
    if (failure) throw failure.error;
  });
  return writable;
}
