import { mkdtempSync, rmSync } from "node:fs";
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
