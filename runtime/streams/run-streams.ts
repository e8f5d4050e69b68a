import type { StreamStore } from "../world/world.ts";
import { createStreamReadable } from "./create-stream-readable.ts";
import { createStreamWritable } from "./create-stream-writable.ts";
import { getSandboxStreams } from "./sandbox-streams.ts";
import { userStreamName } from "./stream-names.ts";
import type { StreamPending } from "./stream-pending.ts";
import type { StreamWritableOptions } from "./create-stream-writable.ts";

/** Options of `getWritable()`. */
export interface WritableOptions {
  /** Selects one of the run's independent streams; default: the run's default stream. */
  namespace?: string;
}

/** Options of `run.getReadable()`. */
export interface ReadableOptions extends WritableOptions {
  /** Index of the first chunk to read (to resume after a disconnect). Default: 0. */
  startIndex?: number;
}

/**
 * `run.readable` / `run.getReadable(options)`: the run's user stream, replayed from `startIndex` then live.
 * @example return new Response(getRunReadable(world.streams, runId, { namespace: "logs" }));
 */
export function getRunReadable<R = unknown>(store: StreamStore, runId: string, options: ReadableOptions = {}): ReadableStream<R> {
  const name = userStreamName(runId, options.namespace);
  return createStreamReadable<R>(store, name, options.startIndex === undefined ? {} : { startIndex: options.startIndex });
}

/**
 * `getWritable()` inside a workflow: a handle naming the run's user stream, to pass to steps.
 * @example context.getWritable = (options) => getWorkflowWritable(sandbox.global, runId, options)
 */
export function getWorkflowWritable<W = unknown>(realm: typeof globalThis, runId: string, options: WritableOptions = {}): WritableStream<W> {
  return getSandboxStreams(realm).createWritableHandle(userStreamName(runId, options.namespace)) as WritableStream<W>;
}

/**
 * `getWritable()` for one step attempt: one `WritableStream` per namespace (calling it twice returns the same
 * stream, so writes keep their order), whose accepted chunks `pending` sees durable before the step completes,
 * tagged with `attempt` so readers skip them once the attempt is superseded.
 * @example const streams = createStepWritables({ store: world.streams, runId, pending, attempt }); streams.getWritable()
 */
export function createStepWritables(options: { store: StreamStore; runId: string; pending?: StreamPending; attempt?: StreamWritableOptions["attempt"] }): {
  getWritable<W = unknown>(writableOptions?: WritableOptions): WritableStream<W>;
} {
  const writables = new Map<string, WritableStream>();
  return {
    getWritable<W>(writableOptions: WritableOptions = {}) {
      const name = userStreamName(options.runId, writableOptions.namespace);
      let writable = writables.get(name);
      if (!writable) {
        writable = createStreamWritable(options.store, name, { ...(options.pending ? { pending: options.pending } : {}), ...(options.attempt ? { attempt: options.attempt } : {}) });
        writables.set(name, writable);
      }
      return writable as WritableStream<W>;
    },
  };
}
