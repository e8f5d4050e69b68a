import { mkdtempSync, rmSync } from "node:fs";
import { afterEach } from "vitest";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFsWorld } from "../../world/fs/create-fs-world.ts";
import type { StreamStore, World } from "../../world/world.ts";

/** A filesystem world in a fresh temp dir, with a counter of store writes, for the stream tests and bench. */
export async function openTestWorld(): Promise<{ world: World; store: StreamStore & { writes: number }; dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), "wf-stream-"));
  const world = await createFsWorld({ dataDir });
  const store = {
    writes: 0,
    write(name: string, chunks: Uint8Array[]) {
      store.writes++;
      return world.streams.write(name, chunks);
    },
    close: (name: string) => world.streams.close(name),
    read: (name: string, options?: { startIndex?: number; signal?: AbortSignal }) => world.streams.read(name, options),
  };
  return {
    world,
    store,
    async dispose() {
      await world.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** What `openTestWorld` resolves to. */
export type TestWorld = Awaited<ReturnType<typeof openTestWorld>>;

/**
 * For a test file: returns `open()`, which opens a test world and registers it for disposal after each test.
 * @example const open = useTestWorlds(); const { store } = await open();
 */
export function useTestWorlds(): () => Promise<TestWorld> {
  const opened: TestWorld[] = [];
  afterEach(async () => {
    for (const world of opened.splice(0)) await world.dispose();
  });
  return async () => {
    const world = await openTestWorld();
    opened.push(world);
    return world;
  };
}

/** Reads a stream to its end. */
export async function collect<T>(stream: ReadableStream<T> | AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const chunk of stream as AsyncIterable<T>) out.push(chunk);
  return out;
}
