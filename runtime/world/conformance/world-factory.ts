import type { World } from "../world.ts";

/**
 * Opens a fresh, empty store for one conformance test. Called before each test; the test calls
 * `dispose()` at its end, whatever happened.
 */
export type WorldFactory = () => Promise<WorldStore>;

/** A fresh store and the world instances opened on it. */
export interface WorldStore {
  /** The first world instance on the store. */
  world: World;
  /**
   * Opens another instance on the same store, as another process would (its own queue consumer, owner id,
   * caches). Leave it out when the world cannot share its store (the memory world): the tests that need two
   * instances are then skipped.
   */
  openAnother?: () => Promise<World>;
  /**
   * Closes every instance opened on the store that is still open (a test may close one itself; see
   * `trackWorlds`) and removes the store: temp dirs, schemas, databases.
   */
  dispose(): Promise<void>;
}

/**
 * For factories: wraps each opened world so that `close()` runs once however often it is called, and closes
 * the ones still open in `closeAll()`.
 * @example const worlds = trackWorlds(); const world = worlds.add(await createFsWorld({ dataDir }));
 */
export function trackWorlds() {
  const open = new Set<World>();
  return {
    add(world: World): World {
      let closing: Promise<void> | undefined;
      const tracked: World = {
        ...world,
        close() {
          open.delete(tracked);
          closing ??= world.close();
          return closing;
        },
      };
      open.add(tracked);
      return tracked;
    },
    async closeAll(): Promise<void> {
      await Promise.all([...open].map((world) => world.close()));
    },
  };
}

/**
 * Waits until `probe` returns a truthy value and resolves it; rejects naming `what` after `timeoutMs`.
 * The conformance tests wait for states this way, never for fixed times.
 */
export async function until<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
