import fs, { promises as fsp } from "node:fs";
import { join } from "node:path";
import { isRunId } from "../../events/ids.ts";
import type { RunSummary } from "../world.ts";
import { readJsonFile, tempPathFor } from "./durable-file.ts";
import { serialize, type TailCache } from "./run-store-tails.ts";
import { isLastWriter } from "./run-lease.ts";
import { lockPathOf, type RunTail, summaryOf } from "./run-tail.ts";

/**
 * Appends to one run within this window share one snapshot write. The snapshot is only a cache of the log's
 * fold (it records the log length it came from, so a stale one is detected), so it stays off the hot path.
 */
const SNAPSHOT_DELAY_MS = 250;
/** A run that just ended gets its snapshot sooner, for listings. */
export const TERMINAL_SNAPSHOT_DELAY_MS = 20;

/** `run.json`: the summary plus the log length it was folded from, so readers can tell if it is current. */
interface RunSnapshot extends RunSummary {
  bytes: number;
}

/** Run summaries: `run.json` snapshots written behind the log, and `getRun`. */
export interface RunSummaries {
  /** Writes the run's snapshot after `delay` ms, unless one is already scheduled. */
  schedule(tail: RunTail, delay?: number): void;
  /** True while a snapshot of the run is scheduled (its tail must stay loaded). */
  isScheduled(runId: string): boolean;
  getRun(runId: string): Promise<RunSummary | undefined>;
  /** Stops scheduling and writes every scheduled snapshot now. */
  close(): Promise<void>;
}

/** Creates the summaries of the runs under `runsDir`, read through `tails`. */
export function createRunSummaries(options: { runsDir: string; tails: TailCache }): RunSummaries {
  const { runsDir, tails } = options;
  const timers = new Map<string, NodeJS.Timeout>();
  /** The snapshot write in flight per run: the next one waits for it, so renames land in fold order. */
  const writing = new Map<string, Promise<void>>();
  let closed = false;

  /**
   * Writes the tail's current fold as `run.json` (temp file + rename, no fsync: a lost snapshot is rebuilt
   * from the log). The fold is taken now; the file work runs on libuv's thread pool, off the event loop that
   * runs steps and answers requests.
   */
  function write(tail: RunTail): Promise<void> {
    const snapshot: RunSnapshot = { ...summaryOf(tail), bytes: tail.size };
    const text = `${JSON.stringify(snapshot, null, 2)}\n`;
    const previous = writing.get(tail.runId);
    const next = (previous ?? Promise.resolve()).then(() => replaceFile(join(runsDir, tail.runId, "run.json"), text));
    const settled = next.catch(() => undefined);
    writing.set(tail.runId, settled);
    void settled.then(() => {
      if (writing.get(tail.runId) === settled) writing.delete(tail.runId);
    });
    return next;
  }

  function schedule(tail: RunTail, delay = SNAPSHOT_DELAY_MS): void {
    if (closed || timers.has(tail.runId)) return;
    const timer = setTimeout(() => {
      timers.delete(tail.runId);
      void write(tail).catch(() => undefined);
    }, delay);
    timer.unref();
    timers.set(tail.runId, timer);
  }

  async function getRun(runId: string): Promise<RunSummary | undefined> {
    if (typeof runId !== "string" || !isRunId(runId)) return undefined;
    let tail = tails.peek(runId);
    if (!tail) {
      const [snapshot, size] = await Promise.all([
        readJsonFile<RunSnapshot>(join(runsDir, runId, "run.json")),
        fsp.stat(join(runsDir, runId, "events.jsonl")).then(
          (stat) => stat.size,
          () => -1,
        ),
      ]);
      if (size === -1) return undefined;
      if (snapshot && snapshot.bytes === size && snapshot.runId === runId) {
        const { bytes: _bytes, ...summary } = snapshot;
        return summary;
      }
      tail = await tails.load(runId);
      if (!tail) return undefined;
      schedule(tail, 0);
    }
    // This tail made the log's last write under a lease held since: the log is what it folded (no stat).
    if (isLastWriter(lockPathOf(tail), tail)) return summaryOf(tail);
    // Current already (nothing appended by another process, or only this process's write in flight): no
    // need to queue behind that write.
    const size = fs.fstatSync(tail.fd).size;
    if (size === tail.size || size === tail.size + tail.writing) return summaryOf(tail);
    const current = tail;
    return serialize(current, async () => {
      await tails.catchUp(current);
      return summaryOf(current);
    });
  }

  async function close(): Promise<void> {
    closed = true;
    const flushes: Promise<void>[] = [];
    for (const [runId, timer] of timers) {
      clearTimeout(timer);
      const tail = tails.peek(runId);
      if (tail) flushes.push(serialize(tail, () => write(tail)).catch(() => undefined));
    }
    timers.clear();
    await Promise.all([...flushes, ...writing.values()]);
  }

  return { schedule, isScheduled: (runId) => timers.has(runId), getRun, close };
}

/** Replaces `path` with `text` atomically (temp file, then rename) with asynchronous calls, without fsync. */
async function replaceFile(path: string, text: string): Promise<void> {
  const temp = tempPathFor(path);
  try {
    await fsp.writeFile(temp, text);
    await fsp.rename(temp, path);
  } catch (error) {
    await fsp.rm(temp, { force: true });
    throw error;
  }
}
