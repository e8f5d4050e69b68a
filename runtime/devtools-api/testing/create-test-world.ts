import { createMemoryWorld } from "../../world/memory/create-memory-world.ts";
import type { World, WorldChange } from "../../world/world.ts";

/**
 * The world of the devtools API tests: the memory world (it keeps every World contract, see the conformance
 * suite), plus `emit`, which sends a change notice to the world's watchers without writing anything, for
 * tests of the live feeds.
 * @example const world = createTestWorld(); const api = createDevtoolsApi({ world });
 */
export function createTestWorld(): World & { emit(change: WorldChange): void } {
  const world = createMemoryWorld();
  const listeners = new Set<(change: WorldChange) => void>();
  return {
    ...world,
    watch(listener) {
      listeners.add(listener);
      const stop = world.watch(listener);
      return () => {
        listeners.delete(listener);
        stop();
      };
    },
    emit(change) {
      for (const listener of listeners) listener(change);
    },
  };
}
