import fs, { type FSWatcher, promises as fsp, watch as watchDir } from "node:fs";
import { join } from "node:path";
import type { QueueMessage, WorldQueue } from "../world.ts";
import { createFileExclusive, isMissing, isPidAlive, readJsonFile, TEMP_MARKER, writeFileAtomic } from "./durable-file.ts";
import { createDueHeap } from "./due-heap.ts";
import { assertRunId, fromFileName, toFileName, WorldInputError } from "./names.ts";

const DEFAULT_CONCURRENCY = 10;
/** setTimeout's limit is 2^31-1 ms; further-away messages are re-armed when this shorter timer fires. */
const MAX_TIMER_MS = 2 ** 30;
/** How often a consumer looks for claims left by processes that died (claims of live processes are kept). */
const DEAD_CLAIM_SWEEP_MS = 30_000;
const RETRY_BASE_MS = 250;
const RETRY_MAX_MS = 30_000;
const CLAIMED = ".claimed.";
/** How often a consumer looks whether the owners of messages routed to other processes are still alive. */
const PARKED_SWEEP_MS = 1_000;

/** What the queue needs to know about run owners to route messages (see `QueueMessage.owner`). */
export interface QueueOwners {
  /** The owner id of this world instance. */
  readonly self: string;
  /** True while `owner` is alive; synchronous, as it runs on the delivery path. */
  isAliveNow(owner: string): boolean;
}

/** The filesystem queue: `WorldQueue` plus shutdown. */
export interface FsQueue extends WorldQueue {
  close(): Promise<void>;
}

/**
 * Durable queue over `queue/<id>.json` files. Delivery claims a message by renaming it to
 * `<id>.json.claimed.<pid>` (atomic: two consumers never run one message at once); `ack` deletes the claim;
 * a handler that throws puts the message back with a backoff; claims of dead processes are put back.
 * One `setTimeout` is armed for the earliest due message; other processes' enqueues arrive via `fs.watch`.
 * A message whose `owner` is another live owner is parked (not delivered here) and checked every
 * `PARKED_SWEEP_MS`: once its owner is dead, any consumer delivers it.
 */
export function createFsQueue(options: { dataDir: string; owners?: QueueOwners }): FsQueue {
  const queueDir = join(options.dataDir, "queue");
  const pathFor = (id: string) => join(queueDir, `${toFileName("queue message id", id)}.json`);

  const scheduled = new Map<string, number>();
  const heap = createDueHeap();
  const inFlight = new Map<string, string>();
  const failures = new Map<string, number>();
  /** Messages routed to another live owner, by id: their owner and due time. */
  const parked = new Map<string, { owner: string; dueAt: number }>();
  const { owners } = options;
  /** True when `message` belongs to another owner that is alive: only that owner's consumer delivers it. */
  const routedElsewhere = (message: QueueMessage) =>
    message.owner !== undefined && owners !== undefined && message.owner !== owners.self && owners.isAliveNow(message.owner);
  let handler: ((message: QueueMessage) => Promise<void>) | undefined;
  let concurrency = DEFAULT_CONCURRENCY;
  let timer: NodeJS.Timeout | undefined;
  let timerDueAt = Infinity;
  let sweepTimer: NodeJS.Timeout | undefined;
  let parkedTimer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  let pumpQueued = false;

  /** Delivers `message` here when it is due, or parks it while it is routed to another live owner. */
  function offer(message: QueueMessage): void {
    if (routedElsewhere(message)) {
      parked.set(message.id, { owner: message.owner!, dueAt: message.dueAt });
      scheduled.delete(message.id);
      return;
    }
    parked.delete(message.id);
    schedule(message.id, message.dueAt);
  }

  function schedule(id: string, dueAt: number): void {
    if (scheduled.get(id) === dueAt) return;
    scheduled.set(id, dueAt);
    heap.push({ id, dueAt });
    arm();
  }

  /** Points the single timer at the earliest due message, or pumps now when it is already due. */
  function arm(): void {
    if (!handler) return;
    while (heap.size > 0 && scheduled.get(heap.peek()!.id) !== heap.peek()!.dueAt) heap.pop();
    const next = heap.peek();
    if (!next) return;
    const delay = next.dueAt - Date.now();
    if (delay <= 0) {
      if (!pumpQueued) {
        pumpQueued = true;
        queueMicrotask(pump);
      }
      return;
    }
    if (timer && timerDueAt <= next.dueAt) return;
    if (timer) clearTimeout(timer);
    timerDueAt = next.dueAt;
    timer = setTimeout(
      () => {
        timer = undefined;
        timerDueAt = Infinity;
        pump();
      },
      Math.min(delay, MAX_TIMER_MS),
    );
  }

  function pump(): void {
    pumpQueued = false;
    if (!handler) return;
    const deferred: Array<{ id: string; dueAt: number }> = [];
    while (inFlight.size < concurrency && heap.size > 0) {
      const top = heap.peek()!;
      if (scheduled.get(top.id) !== top.dueAt) {
        heap.pop();
        continue;
      }
      // Never before dueAt: a timer may fire a fraction of a millisecond early.
      if (top.dueAt > Date.now()) break;
      heap.pop();
      if (inFlight.has(top.id)) {
        deferred.push(top);
        continue;
      }
      scheduled.delete(top.id);
      void deliver(top.id);
    }
    // A re-enqueued message whose previous delivery is still running waits for it to finish.
    for (const entry of deferred) heap.push(entry);
    if (inFlight.size < concurrency && deferred.length === 0) arm();
  }

  async function deliver(id: string): Promise<void> {
    const path = pathFor(id);
    const claimed = `${path}${CLAIMED}${process.pid}`;
    inFlight.set(id, claimed);
    let message: QueueMessage | undefined;
    try {
      // Synchronous: a rename and a small read take microseconds, and the claim must be prompt.
      fs.renameSync(path, claimed);
      message = JSON.parse(fs.readFileSync(claimed, "utf8")) as QueueMessage;
    } catch {
      // Claimed by another consumer, or acked, since it was scheduled (ENOENT): nothing to deliver.
      message = undefined;
    }
    if (!message || message.id !== id) {
      inFlight.delete(id);
      if (message === undefined) await fsp.rm(claimed, { force: true }).catch(() => undefined);
      return afterDelivery();
    }
    if (message.dueAt > Date.now() || routedElsewhere(message)) {
      // Re-enqueued with a later due time, or for another owner, between scheduling and claiming: put it back.
      await returnClaim(claimed, path, message);
      inFlight.delete(id);
      return afterDelivery();
    }
    try {
      await handler!(message);
      failures.delete(id);
      await ack(id);
    } catch {
      const count = (failures.get(id) ?? 0) + 1;
      failures.set(id, count);
      const dueAt = Date.now() + Math.min(RETRY_BASE_MS * 2 ** (count - 1), RETRY_MAX_MS);
      if (inFlight.get(id) === claimed) await returnClaim(claimed, path, { ...message, dueAt }).catch(() => undefined);
    } finally {
      inFlight.delete(id);
      afterDelivery();
    }
  }

  function afterDelivery(): void {
    if (handler && !pumpQueued) {
      pumpQueued = true;
      queueMicrotask(pump);
    }
  }

  /** Moves a claimed message back to the queue unless a newer copy was enqueued meanwhile. */
  async function returnClaim(claimed: string, path: string, message: QueueMessage): Promise<void> {
    if (await createFileExclusive(path, `${JSON.stringify(message, null, 2)}\n`)) offer(message);
    await fsp.rm(claimed, { force: true });
  }

  async function loadFile(fileName: string): Promise<void> {
    if (!fileName.endsWith(".json") || fileName.includes(TEMP_MARKER)) return;
    const id = fromFileName(fileName.slice(0, -5));
    if (id === undefined) return;
    const message = await readJsonFile<QueueMessage>(join(queueDir, fileName));
    if (message && message.id === id && Number.isFinite(message.dueAt)) offer(message);
    else if (message === undefined) parked.delete(id);
  }

  /** Delivers parked messages whose owner has died. */
  function sweepParked(): void {
    for (const [id, entry] of parked) {
      if (owners?.isAliveNow(entry.owner)) continue;
      parked.delete(id);
      schedule(id, entry.dueAt);
    }
  }

  /** Returns claims whose owner died (or was an earlier process with this pid) to the queue. */
  async function recoverDeadClaims(): Promise<void> {
    for (const fileName of await fsp.readdir(queueDir)) {
      const at = fileName.indexOf(CLAIMED);
      if (at === -1 || fileName.includes(TEMP_MARKER)) continue;
      const pid = Number(fileName.slice(at + CLAIMED.length));
      const claimed = join(queueDir, fileName);
      const ownLive = pid === process.pid && [...inFlight.values()].includes(claimed);
      if (ownLive || (pid !== process.pid && isPidAlive(pid))) continue;
      const message = await readJsonFile<QueueMessage>(claimed);
      if (message) await returnClaim(claimed, join(queueDir, fileName.slice(0, at)), message);
      else await fsp.rm(claimed, { force: true });
    }
  }

  async function enqueue(message: QueueMessage): Promise<void> {
    assertQueueMessage(message);
    await writeFileAtomic(pathFor(message.id), `${JSON.stringify(message, null, 2)}\n`);
    if (handler) offer(message);
  }

  async function ack(id: string): Promise<void> {
    const claimed = inFlight.get(id);
    if (claimed !== undefined) {
      inFlight.set(id, "");
      if (claimed !== "") unlinkIfPresent(claimed);
      return;
    }
    // Not delivered by this process: acking removes the queued message itself. The engine acks work it ran
    // straight from the log without queueing it, so this is usually a miss: one synchronous unlink that
    // finds nothing costs microseconds, a thread-pool round trip would cost more.
    scheduled.delete(id);
    parked.delete(id);
    unlinkIfPresent(pathFor(id));
  }

  return {
    enqueue,
    ack,
    consume(nextHandler, consumeOptions = {}) {
      if (handler) throw new Error("This world's queue already has a consumer; call the returned stop function first.");
      handler = nextHandler;
      concurrency = Math.max(1, Math.floor(consumeOptions.concurrency ?? DEFAULT_CONCURRENCY));
      const active = nextHandler;
      void (async () => {
        await fsp.mkdir(queueDir, { recursive: true });
        if (handler !== active) return;
        watcher = watchDir(queueDir, (_event, fileName) => {
          if (fileName) void loadFile(fileName.toString()).catch(() => undefined);
        });
        watcher.on("error", () => undefined);
        await recoverDeadClaims();
        for (const fileName of await fsp.readdir(queueDir)) await loadFile(fileName);
        sweepTimer = setInterval(() => void recoverDeadClaims().catch(() => undefined), DEAD_CLAIM_SWEEP_MS);
        sweepTimer.unref();
        parkedTimer = setInterval(sweepParked, PARKED_SWEEP_MS);
        parkedTimer.unref();
      })().catch(() => undefined);
      return () => {
        if (handler !== active) return;
        stop();
      };
    },

    async close() {
      stop();
    },
  };

  function stop(): void {
    handler = undefined;
    if (timer) clearTimeout(timer);
    timer = undefined;
    timerDueAt = Infinity;
    if (sweepTimer) clearInterval(sweepTimer);
    sweepTimer = undefined;
    if (parkedTimer) clearInterval(parkedTimer);
    parkedTimer = undefined;
    parked.clear();
    watcher?.close();
    watcher = undefined;
    scheduled.clear();
    while (heap.size > 0) heap.pop();
  }
}

/** Deletes a file; a missing file is not an error. */
function unlinkIfPresent(path: string): void {
  try {
    fs.unlinkSync(path);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
}

/** Throws unless `message` is a well-formed queue message whose id fits a file name. */
export function assertQueueMessage(message: QueueMessage): void {
  if (message === null || typeof message !== "object") throw new WorldInputError("queue.enqueue expects a message.");
  const kind: unknown = message.kind;
  if (kind !== "flow" && kind !== "step") throw new WorldInputError(`Invalid queue message kind ${JSON.stringify(kind)}.`);
  toFileName("queue message id", message.id);
  assertRunId(message.runId);
  if (typeof message.dueAt !== "number" || !Number.isFinite(message.dueAt)) throw new WorldInputError(`Invalid dueAt for message "${message.id}".`);
  if (message.owner !== undefined && (typeof message.owner !== "string" || message.owner.length === 0)) {
    throw new WorldInputError(`Invalid owner ${JSON.stringify(message.owner)} for message "${message.id}": expected an owner id (RunOwners.self).`);
  }
}
