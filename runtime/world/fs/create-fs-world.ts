import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { isTerminalStatus } from "../../events/terminal-events.ts";
import type { World } from "../world.ts";
import { createChangeFeed } from "./change-feed.ts";
import { enqueueAfterWrite } from "./enqueue-after-write.ts";
import { assertQueueMessage, createFsQueue } from "./fs-queue.ts";
import { createHookIndex } from "./hook-index.ts";
import { createFsRunOwners } from "./run-owners.ts";
import { createRunStore } from "./run-store.ts";
import { createStreamStore } from "./stream-store.ts";
import { createUlidGenerator } from "./ulid.ts";

/** Top-level directories of a data dir (see the README's "Data layout" section). */
const AREAS = ["runs", "active", "hooks", "idempotency", "queue", "streams", "owners"] as const;

export interface FsWorldOptions {
  /** Directory holding the store; created when missing. Several processes may share it. */
  dataDir: string;
}

/**
 * Creates the embedded filesystem world: JSONL event logs fsync'd before each append resolves, a token
 * index with exclusive creates, a durable queue with millisecond timers, and live stream chunk logs.
 *
 * @example
 * const world = await createFsWorld({ dataDir: ".workflow-data" });
 * const { runId } = await world.createRun({ workflowName: "workflow//a.ts//f", input: "[]", seed: "s" });
 */
export async function createFsWorld(options: FsWorldOptions): Promise<World> {
  const dataDir = resolve(options.dataDir);
  await Promise.all(AREAS.map((area) => mkdir(join(dataDir, area), { recursive: true })));
  const feed = createChangeFeed(dataDir, { isOwnRunWrite: (runId) => runs.isOwnWrite(runId) });
  const ulid = createUlidGenerator();
  const runs = createRunStore({ dataDir, ulid, emit: feed.emit });
  const hooks = createHookIndex({ dataDir, isLive: runs.isHookLive, isRecorded: runs.isHookRecorded, emit: feed.emit });
  const owners = createFsRunOwners({
    dataDir,
    isRunActive: async (runId) => {
      const summary = await runs.getRun(runId);
      return summary !== undefined && !isTerminalStatus(summary.status);
    },
  });
  const queue = createFsQueue({ dataDir, owners });
  const streams = createStreamStore({ dataDir, emit: feed.emit });
  const writes = enqueueAfterWrite(runs, queue, assertQueueMessage);
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
    watch: feed.watch,
    async close() {
      await queue.close();
      owners.close();
      await feed.close();
      await streams.shutdown();
      await runs.close();
    },
  };
}
