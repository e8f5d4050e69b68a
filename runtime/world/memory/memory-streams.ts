import type { StreamStore, WorldChange } from "../world.ts";

interface StoredStream {
  chunks: Uint8Array[];
  closed: boolean;
  waiters: Set<() => void>;
}

/** The memory stream store: `StreamStore` plus `shutdown()`, which ends every live reader. */
export interface MemoryStreams extends StreamStore {
  shutdown(): void;
}

/**
 * Chunk logs in memory: writes append (copies of) the chunks, `close` ends the stream, and readers get every
 * chunk from `startIndex`, then tail live until the stream closes, their signal aborts or the world closes.
 */
export function createMemoryStreams(emit: (change: WorldChange) => void): MemoryStreams {
  const streams = new Map<string, StoredStream>();
  let shutDown = false;

  const streamOf = (name: string) => {
    let stream = streams.get(name);
    if (!stream) streams.set(name, (stream = { chunks: [], closed: false, waiters: new Set() }));
    return stream;
  };
  const wake = (stream: StoredStream) => {
    for (const waiter of stream.waiters) waiter();
    stream.waiters.clear();
  };

  return {
    async write(name, chunks) {
      assertName(name);
      const stream = streamOf(name);
      if (stream.closed) throw new Error(`Stream "${name}" is closed: nothing can be written to it any more.`);
      stream.chunks.push(...chunks.map((chunk) => chunk.slice()));
      wake(stream);
      emit({ type: "stream", name });
    },
    async close(name) {
      assertName(name);
      const stream = streamOf(name);
      if (stream.closed) return;
      stream.closed = true;
      wake(stream);
      emit({ type: "stream", name });
    },
    async *read(name, options = {}) {
      assertName(name);
      const startIndex = options.startIndex ?? 0;
      if (!Number.isInteger(startIndex) || startIndex < 0) throw new RangeError(`Invalid stream start index ${startIndex}.`);
      const { signal } = options;
      const stream = streamOf(name);
      let index = startIndex;
      for (;;) {
        while (index < stream.chunks.length) yield stream.chunks[index++].slice();
        if (stream.closed || shutDown || signal?.aborted) return;
        await new Promise<void>((resolve) => {
          const done = () => {
            signal?.removeEventListener("abort", done);
            stream.waiters.delete(done);
            resolve();
          };
          stream.waiters.add(done);
          signal?.addEventListener("abort", done, { once: true });
        });
      }
    },
    shutdown() {
      shutDown = true;
      for (const stream of streams.values()) wake(stream);
    },
  };
}

function assertName(name: unknown): asserts name is string {
  if (typeof name !== "string" || name.length === 0) throw new TypeError(`Invalid stream name ${JSON.stringify(name)}: expected a non-empty string.`);
}
