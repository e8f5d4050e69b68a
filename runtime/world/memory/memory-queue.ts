import type { QueueMessage, WorldQueue } from "../world.ts";

/** First redelivery delay after a handler throws; doubled on each further failure of the same message. */
const RETRY_BASE_MS = 250;
const RETRY_MAX_MS = 30_000;
/** setTimeout's limit is 2^31-1 ms; further-away messages are re-armed when this shorter timer fires. */
const MAX_TIMER_MS = 2 ** 30;

interface Entry {
  message: QueueMessage;
  delivering: boolean;
  failures: number;
  /** Enqueued again while being delivered: kept (with this message) instead of acknowledged. */
  replacement?: QueueMessage;
}

/** The memory queue: `WorldQueue` plus `pump()` (deliver what is due by `now()`) and `close()`. */
export interface MemoryQueue extends WorldQueue {
  pump(): void;
  close(): void;
}

/**
 * A queue in memory with the durable queue's delivery rules: due at or after `dueAt`, one entry per id
 * (enqueuing an id again replaces its due time), at most `concurrency` handlers at once, acknowledged when the
 * handler resolves, redelivered with a growing delay when it throws. `owner` routing holds trivially: the
 * store has one consumer, and its world is the only owner there is.
 */
export function createMemoryQueue(now: () => number): MemoryQueue {
  const entries = new Map<string, Entry>();
  let handler: ((message: QueueMessage) => Promise<void>) | undefined;
  let concurrency = 16;
  let active = 0;
  let timer: NodeJS.Timeout | undefined;
  let pumpQueued = false;

  function schedulePump(): void {
    if (pumpQueued) return;
    pumpQueued = true;
    setImmediate(pump);
  }

  function pump(): void {
    pumpQueued = false;
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!handler) return;
    let next = Infinity;
    const at = now();
    for (const entry of entries.values()) {
      if (entry.delivering) continue;
      if (entry.message.dueAt > at) {
        next = Math.min(next, entry.message.dueAt);
        continue;
      }
      if (active >= concurrency) return;
      deliver(entry, handler);
    }
    // Fires at the due time or later, never before: `pump` checks `dueAt` against the clock again.
    if (Number.isFinite(next)) timer = setTimeout(pump, Math.min(MAX_TIMER_MS, Math.max(1, next - at))).unref();
  }

  function deliver(entry: Entry, run: (message: QueueMessage) => Promise<void>): void {
    entry.delivering = true;
    active++;
    const { message } = entry;
    Promise.resolve()
      .then(() => run({ ...message }))
      .then(
        () => settle(entry, undefined),
        () => settle(entry, now() + Math.min(RETRY_BASE_MS * 2 ** entry.failures++, RETRY_MAX_MS)),
      )
      .finally(() => {
        active--;
        schedulePump();
      });
  }

  /** After a delivery: acknowledged (resolved), or back in the queue due at `retryAt` (threw). */
  function settle(entry: Entry, retryAt: number | undefined): void {
    entry.delivering = false;
    if (entries.get(entry.message.id) !== entry) return;
    if (entry.replacement) {
      entry.message = entry.replacement;
      entry.replacement = undefined;
      if (retryAt === undefined) entry.failures = 0;
      return;
    }
    if (retryAt === undefined) entries.delete(entry.message.id);
    else entry.message = { ...entry.message, dueAt: retryAt };
  }

  return {
    async enqueue(message) {
      const current = entries.get(message.id);
      if (current?.delivering) current.replacement = { ...message };
      else if (current) current.message = { ...message };
      else entries.set(message.id, { message: { ...message }, delivering: false, failures: 0 });
      schedulePump();
    },
    async ack(id) {
      entries.delete(id);
    },
    consume(next, options = {}) {
      if (handler) throw new Error("This world's queue already has a consumer; call the returned stop function first.");
      handler = next;
      concurrency = Math.max(1, Math.floor(options.concurrency ?? 16));
      schedulePump();
      return () => {
        if (handler !== next) return;
        handler = undefined;
        if (timer) clearTimeout(timer);
      };
    },
    pump,
    close() {
      handler = undefined;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
