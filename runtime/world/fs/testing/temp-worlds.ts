import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import type { World } from "../../world.ts";
import { createFsWorld } from "../create-fs-world.ts";

/** Opens a filesystem world; see `createTempWorlds`. */
export type OpenTempWorld = (dataDir?: string) => Promise<{ world: World; dataDir: string }>;

/**
 * For a test file: returns `open(dataDir?)`, which opens a filesystem world on `dataDir` or on a fresh
 * temporary directory named `<prefix>XXXXXX`, and registers an `afterEach` that closes every world opened
 * and deletes the directories it created. Pass a `dataDir` from an earlier `open` to get a second instance
 * on the same data (another process, as far as the world can tell).
 * @example const open = createTempWorlds("wf-queue-"); const { world, dataDir } = await open();
 */
export function createTempWorlds(prefix: string): OpenTempWorld {
  const dirs: string[] = [];
  const worlds: World[] = [];
  afterEach(async () => {
    await Promise.all(worlds.splice(0).map((world) => world.close()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return async function open(dataDir) {
    const dir = dataDir ?? mkdtempSync(join(tmpdir(), prefix));
    if (!dataDir) dirs.push(dir);
    const world = await createFsWorld({ dataDir: dir });
    worlds.push(world);
    return { world, dataDir: dir };
  };
}
