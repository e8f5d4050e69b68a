import fs from "node:fs";

/**
 * fdatasync, grouped per callback of the event loop.
 *
 * The files written by one callback and the promise jobs it set off (the appends of every run that moved on
 * in it) are synced together right after them (a microtask queued behind those jobs), so the group's
 * fdatasyncs overlap on libuv's thread pool. Waiting for the end of the whole event-loop turn would group
 * more, but would hold every sync back behind the rest of the turn's work (a burst of HTTP requests).
 *
 * A single run stepping along (a group of one file, the same file as the group before, nothing else in
 * flight) is synced on the loop thread itself: the disk wait is the same, but the hand-off to a pool thread
 * and back (two thread wake-ups, which on a busy machine cost more than the fdatasync) is gone. The loop
 * then waits for that one fdatasync, about 0.2 ms. Only while the disk is that fast, though: when recent
 * fdatasyncs took longer (another process keeps the disk busy), the loop would stall for milliseconds per
 * step, so they go to the pool until the disk is fast again. Groups of one file that take turns between
 * files are many runs at once: their fdatasyncs must overlap on the pool, not queue up on the loop thread.
 *
 * Durability is unchanged: a caller's promise resolves only after an fdatasync of its file that started
 * after its write, and rejects with that fdatasync's error.
 */
export function datasync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let waiters = group.get(fd);
    if (!waiters) group.set(fd, (waiters = []));
    waiters.push({ resolve, reject });
    if (group.size === 1 && waiters.length === 1) queueMicrotask(flush);
  });
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/** A lone fdatasync runs on the loop thread only while recent ones took less than this, on average. */
const LOOP_WAIT_LIMIT_MS = 1;

/** Files written since the last flush, each with the callers waiting for its fdatasync. */
let group = new Map<number, Waiter[]>();
/** fdatasyncs running on the thread pool. */
let inFlight = 0;
/** Moving average of how long a lone fdatasync took (on the pool: until its callback ran). */
let typicalMs = 0;
/** The file of the previous group when it had only one, else -1. */
let previousLone = -1;

function observe(startedAt: number): void {
  typicalMs += (performance.now() - startedAt - typicalMs) / 8;
}

function flush(): void {
  const files = group;
  group = new Map();
  const [[first]] = files;
  const sameLone = files.size === 1 && first === previousLone;
  previousLone = files.size === 1 ? first : -1;
  if (sameLone && inFlight === 0 && typicalMs < LOOP_WAIT_LIMIT_MS) {
    const [[fd, waiters]] = files;
    let failure: unknown;
    const startedAt = performance.now();
    try {
      fs.fdatasyncSync(fd);
    } catch (error) {
      failure = error ?? new Error("fdatasync failed");
    }
    observe(startedAt);
    settle(waiters, failure);
    return;
  }
  const lone = files.size === 1;
  for (const [fd, waiters] of files) {
    inFlight++;
    const startedAt = performance.now();
    fs.fdatasync(fd, (error) => {
      inFlight--;
      // Syncs of a group queue behind each other on the pool: only a lone one tells how fast the disk is.
      if (lone) observe(startedAt);
      settle(waiters, error ?? undefined);
    });
  }
}

function settle(waiters: Waiter[], failure: unknown): void {
  for (const waiter of waiters) {
    if (failure === undefined) waiter.resolve();
    else waiter.reject(failure);
  }
}
