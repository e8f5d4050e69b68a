import fs, { constants } from "node:fs";
import { EVENT_ID_PREFIX } from "../../events/ids.ts";
import { isMissing, readRange } from "./durable-file.ts";
import { parseLogChunk } from "./log-lines.ts";
import { applyChunk, emptyTail, type RunTail } from "./run-tail.ts";
import type { UlidGenerator } from "./ulid.ts";

/** Loaded run tails kept in memory (each holds one open file handle). */
const MAX_LOADED_RUNS = 256;

/** The run tails this process holds open: loaded on demand, folded incrementally, evicted least recently used. */
export interface TailCache {
  /** The loaded tail of a run, without loading it or touching its LRU position. */
  peek(runId: string): RunTail | undefined;
  /** The run's tail, loaded and folded on first use; undefined when the run has no (non-empty) log. */
  load(runId: string): Promise<RunTail | undefined>;
  /** Keeps a tail this process has just created. */
  adopt(tail: RunTail): RunTail;
  /** Folds whatever other processes appended since the tail was last current; returns the file size. */
  catchUp(tail: RunTail): Promise<number>;
  /** Every loaded tail. */
  loaded(): IterableIterator<RunTail>;
  /** Waits for each tail's queued work, then closes its file. */
  close(): Promise<void>;
}

/**
 * Creates the cache. `isPinned(runId)` keeps a tail from eviction while it has work scheduled (a snapshot
 * timer); tails with work in flight (`busy`) are never evicted either.
 */
export function createTailCache(options: { logPath: (runId: string) => string; ulid: UlidGenerator; isPinned: (runId: string) => boolean }): TailCache {
  const { logPath, ulid, isPinned } = options;
  const tails = new Map<string, RunTail>();
  const loading = new Map<string, Promise<RunTail | undefined>>();
  const nextEventId = (after: string, at: number) => `${EVENT_ID_PREFIX}${ulid.next(at, after.slice(EVENT_ID_PREFIX.length))}`;

  function adopt(tail: RunTail): RunTail {
    tails.set(tail.runId, tail);
    if (tails.size > MAX_LOADED_RUNS) {
      for (const [runId, old] of tails) {
        if (tails.size <= MAX_LOADED_RUNS) break;
        if (old.busy > 0 || isPinned(runId)) continue;
        tails.delete(runId);
        fs.closeSync(old.fd);
      }
    }
    return tail;
  }

  async function catchUp(tail: RunTail): Promise<number> {
    const { size } = fs.fstatSync(tail.fd);
    if (size === tail.size) return size;
    if (size < tail.size) {
      // Only a committed-data truncation (outside the world) can shrink the log: fold it again.
      Object.assign(tail, emptyTail(tail.runId, tail.logPath, tail.fd), { queue: tail.queue, busy: tail.busy, group: tail.group, writing: tail.writing });
      delete tail.damage;
    }
    const buffer = await readRange(tail.fd, tail.size, size - tail.size);
    applyChunk(tail, parseLogChunk(buffer, tail.size), nextEventId);
    return size;
  }

  async function read(runId: string): Promise<RunTail | undefined> {
    let fd: number;
    try {
      fd = fs.openSync(logPath(runId), constants.O_RDWR);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    const tail = emptyTail(runId, logPath(runId), fd);
    try {
      await catchUp(tail);
    } catch (error) {
      fs.closeSync(fd);
      throw error;
    }
    if (tail.summary.eventCount === 0) {
      fs.closeSync(fd);
      return undefined;
    }
    return adopt(tail);
  }

  async function load(runId: string): Promise<RunTail | undefined> {
    const cached = tails.get(runId);
    if (cached) {
      // Refresh LRU position.
      tails.delete(runId);
      tails.set(runId, cached);
      return cached;
    }
    let pending = loading.get(runId);
    if (!pending) {
      pending = read(runId).finally(() => loading.delete(runId));
      loading.set(runId, pending);
    }
    return pending;
  }

  async function close(): Promise<void> {
    await Promise.all([...tails.values()].map((tail) => tail.queue.then(() => fs.closeSync(tail.fd)).catch(() => undefined)));
    tails.clear();
  }

  return { peek: (runId) => tails.get(runId), load, adopt, catchUp, loaded: () => tails.values(), close };
}

/** Runs `task` after every earlier task on this tail; keeps the tail from being evicted meanwhile. */
export function serialize<T>(tail: RunTail, task: () => Promise<T>): Promise<T> {
  tail.busy++;
  const result = tail.queue.then(task);
  tail.queue = result.then(
    () => undefined,
    () => undefined,
  );
  return result.finally(() => tail.busy--);
}
