import { enqueueAfterWrite } from "../fs/enqueue-after-write.ts";
import type { World, WorldChange } from "../world.ts";
import { createMemoryHooks } from "./memory-hooks.ts";
import { createMemoryUlid } from "./memory-ids.ts";
import { createMemoryOwners } from "./memory-owners.ts";
import { createMemoryQueue } from "./memory-queue.ts";
import { createMemoryRuns } from "./memory-runs.ts";
import { createMemoryStreams } from "./memory-streams.ts";

/** Options of `createMemoryWorld`. */
export interface MemoryWorldOptions {
  /** Source of timestamps and due times. Default: `Date.now`. With a fake clock, call `tick()` after moving it. */
  clock?: { now(): number };
}

/**
 * A World kept in memory, with every contract of `World` (it passes the conformance suite): nothing survives
 * the process. For fast engine and API tests and for benchmarks that isolate the engine from storage costs.
 * The store lives in one process, so its only run owner is the world itself (`owners.self`).
 * @example const world = createMemoryWorld(); const runtime = createRuntime({ world, workflowBundle });
 */
export function createMemoryWorld(options: MemoryWorldOptions = {}): World & { tick(): void } {
  const now = () => (options.clock ? options.clock.now() : Date.now());
  const listeners = new Set<(change: WorldChange) => void>();
  const emit = (change: WorldChange) => {
    for (const listener of listeners) listener(change);
  };
  const runs = createMemoryRuns({ now, ulid: createMemoryUlid(now), emit });
  const hooks = createMemoryHooks({ isLive: runs.isHookLive, isRecorded: runs.isHookRecorded, emit });
  const queue = createMemoryQueue(now);
  const streams = createMemoryStreams(emit);
  const owners = createMemoryOwners(runs.listActiveRunIds);
  const writes = enqueueAfterWrite(runs, queue);
  return {
    createRun: writes.createRun,
    appendEvents: writes.appendEvents,
    readEvents: runs.readEvents,
    getRun: runs.getRun,
    listRuns: runs.listRuns,
    listActiveRunIds: runs.listActiveRunIds,
    hooks,
    queue: { enqueue: queue.enqueue, ack: queue.ack, consume: queue.consume },
    streams: { write: streams.write, close: streams.close, read: streams.read },
    owners: { self: owners.self, claim: owners.claim, release: owners.release, isAlive: owners.isAlive, listOrphaned: owners.listOrphaned },
    watch(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Delivers the queue messages that are due by the clock (after moving a fake clock forward). */
    tick: () => queue.pump(),
    async close() {
      queue.close();
      streams.shutdown();
      owners.close();
      listeners.clear();
    },
  };
}
