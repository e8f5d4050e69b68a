import type { CustomTypeRow } from "../serialization/types-table.ts";
import type { StreamStore } from "../world/world.ts";
import { createStreamReadable } from "./create-stream-readable.ts";
import { createStreamWritable } from "./create-stream-writable.ts";
import { streamBinding } from "./stream-bindings.ts";
import { assertStreamName, createReferenceStreamName } from "./stream-names.ts";
import type { StreamPending } from "./stream-pending.ts";
import type { StreamWritableOptions } from "./create-stream-writable.ts";

/** Serialized form of a `ReadableStream`: a stored stream (from a chunk index), or body bytes held in memory. */
export type ReadableStreamData = { name: string; startIndex?: number } | { bytes: Uint8Array };
/** Serialized form of a `WritableStream`: the stored stream it appends to. */
export interface WritableStreamData {
  name: string;
}

/** Options of `createHostStreamTypes`. */
export interface HostStreamTypesOptions {
  /** Where streams passed by reference are stored: the world's `streams`. */
  store: StreamStore;
  /**
   * Receives the pipe of every real `ReadableStream` serialized, and the flush barrier of every revived
   * `WritableStream`; the caller settles it before recording the outcome. Default: none (fire and forget).
   */
  pending?: StreamPending;
  /** Run the streams belong to: put into reference names so they are listed with the run. Default: none. */
  runId?: string;
  /** Stops the background pumps that feed stored chunks into serialized `WritableStream`s. Default: none. */
  signal?: AbortSignal;
  /** Called when such a pump fails (the destination errored). Default: ignored. */
  onBackgroundError?: (error: unknown) => void;
  /**
   * The step attempt the values cross into: revived `WritableStream`s tag what they write with it, so the
   * chunks of a superseded attempt are skipped by readers. Default: untagged (outside a step).
   */
  attempt?: StreamWritableOptions["attempt"];
}

const isTagged = (value: unknown, tag: string): boolean =>
  typeof value === "object" && value !== null && Object.prototype.toString.call(value) === `[object ${tag}]`;

/**
 * Serialization rows (`types` option of serialize/deserialize) for streams on the host side of a boundary
 * (`start()`, step arguments and return values, `run.returnValue`, hook payloads). A real `ReadableStream`
 * is piped into a fresh stored stream and sent by name; a real `WritableStream` is sent by name and fed from
 * that stored stream in the background. Streams revived from a name read or write the store directly, and a
 * stream this runtime created is passed on by its name (a readable from the chunk it reached).
 * @example serializeAsync(value, "step-return-value", { types: createHostStreamTypes({ store, pending, runId }) })
 */
export function createHostStreamTypes(options: HostStreamTypesOptions): CustomTypeRow[] {
  const { store, pending, runId } = options;
  const readableRow: CustomTypeRow<ReadableStream, ReadableStreamData> = {
    kind: "custom",
    name: "ReadableStream",
    is: (value): value is ReadableStream => isTagged(value, "ReadableStream"),
    reduce(stream) {
      const binding = streamBinding(stream);
      if (binding?.kind === "readable" && !stream.locked) {
        const startIndex = binding.startIndex + binding.delivered;
        return startIndex > 0 ? { name: binding.name, startIndex } : { name: binding.name };
      }
      if (stream.locked) {
        throw new TypeError("ReadableStream is locked: pass a stream on before reading it (getReader(), pipeTo(), for await).");
      }
      const name = createReferenceStreamName(runId);
      pending?.track(pipeIntoStore(stream, store, name));
      return { name };
    },
    revive(data) {
      if ("bytes" in data) return new Blob([data.bytes as Uint8Array<ArrayBuffer>]).stream();
      return createStreamReadable(store, data.name, data.startIndex === undefined ? {} : { startIndex: data.startIndex });
    },
  };
  const writableRow: CustomTypeRow<WritableStream, WritableStreamData> = {
    kind: "custom",
    name: "WritableStream",
    is: (value): value is WritableStream => isTagged(value, "WritableStream"),
    reduce(stream) {
      const binding = streamBinding(stream);
      if (binding?.kind === "writable") return { name: binding.name };
      if (stream.locked) {
        throw new TypeError("WritableStream is locked: pass a stream on before calling getWriter(), or release the writer first.");
      }
      const name = createReferenceStreamName(runId);
      createStreamReadable(store, name)
        .pipeTo(stream, options.signal ? { signal: options.signal } : {})
        .catch((error: unknown) => options.onBackgroundError?.(error));
      return { name };
    },
    revive(data) {
      assertStreamName(data.name);
      return createStreamWritable(store, data.name, { ...(pending ? { pending } : {}), ...(options.attempt ? { attempt: options.attempt } : {}) });
    },
  };
  return [readableRow, writableRow];
}

/**
 * Copies a stream into the store. Resolves once every chunk is durable and the stream closed, or once the
 * source's error is recorded (readers then error with it); rejects only when the store failed.
 */
async function pipeIntoStore(source: ReadableStream, store: StreamStore, name: string): Promise<void> {
  const writable = createStreamWritable(store, name);
  try {
    await source.pipeTo(writable);
  } catch {
    // Either the source errored and pipeTo aborted the writable, which recorded the error for readers
    // (the copy is complete), or the store failed (the chunks are not durable).
    const binding = streamBinding(writable);
    const failure = binding?.kind === "writable" ? binding.failure() : undefined;
    if (failure !== undefined) throw failure;
  }
}
