import fs, { promises as fsp } from "node:fs";
import { join } from "node:path";
import type { RunCreatedEvent, WorkflowEvent } from "../../events/event.ts";
import { isRunId } from "../../events/ids.ts";
import { settlementKey } from "../../events/settling-events.ts";
import type { ListRunsQuery, Page, RunSummary, World, WorldChange } from "../world.ts";
import { readRange, removeFileIfPresent } from "./durable-file.ts";
import { parseCommitted } from "./log-lines.ts";
import { WorldInputError } from "./names.ts";
import { releaseLeases } from "./run-lease.ts";
import { createRunIndex } from "./run-index.ts";
import { createAppender } from "./run-store-append.ts";
import { createRunCreator } from "./run-store-create.ts";
import { createSpareRunDirs } from "./run-store-spares.ts";
import { createRunSummaries, TERMINAL_SNAPSHOT_DELAY_MS } from "./run-store-summaries.ts";
import { createTailCache, serialize } from "./run-store-tails.ts";
import { isTerminal, type RunTail, summaryOf } from "./run-tail.ts";
import type { UlidGenerator } from "./ulid.ts";

/** An `active/` marker without a run log is removed once older than this (a create may be in flight). */
const ORPHAN_MARKER_AGE_MS = 60_000;
const MAX_LIST_LIMIT = 1000;

/** The run half of the filesystem world: event logs, summaries, listing, idempotency keys. */
export interface RunStore
  extends Pick<World, "createRun" | "appendEvents" | "readEvents" | "getRun" | "listRuns" | "listActiveRunIds"> {
  /**
   * True when the run's log holds nothing this process has not written or folded yet (so a file change
   * notice for it is this process's own append, already announced). Synchronous: one fstat.
   */
  isOwnWrite(runId: string): boolean;
  /** True while the run exists, is not terminal and its log holds no `hook_disposed` for `hookId`. */
  isHookLive(runId: string, hookId: string): Promise<boolean>;
  /** True while the hook's `hook_created` is in the log and neither the hook nor its run has ended. */
  isHookRecorded(runId: string, hookId: string): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Creates the run store over `<dataDir>/runs`, `<dataDir>/active` and `<dataDir>/idempotency`. Its parts:
 * the tail cache (`run-store-tails`: loading, folding, eviction), run creation (`run-store-create`, with
 * spare directories from `run-store-spares`), group-committed appends (`run-store-append`) and summaries
 * (`run-store-summaries`: snapshots, `getRun`, `listRuns`). This file wires them and reads logs.
 */
export function createRunStore(options: { dataDir: string; ulid: UlidGenerator; emit: (change: WorldChange) => void }): RunStore {
  const { ulid, emit } = options;
  const runsDir = join(options.dataDir, "runs");
  const activeDir = join(options.dataDir, "active");
  const idempotencyDir = join(options.dataDir, "idempotency");
  const logPath = (runId: string) => join(runsDir, runId, "events.jsonl");

  const tails = createTailCache({ logPath, ulid, isPinned: (runId) => summaries.isScheduled(runId) });
  const summaries = createRunSummaries({ runsDir, tails });
  const spares = createSpareRunDirs({ runsDir, activeDir });
  const index = createRunIndex({
    dataDir: options.dataDir,
    runsDir,
    getRun: summaries.getRun,
    readCreated: async (runId) => {
      const first = (await readEvents(runId, 0))?.[0];
      return first?.type === "run_created" ? first : undefined;
    },
  });

  /**
   * After a write that stored events: an ended run leaves `active/`, its snapshot is due, the run index hears
   * of a new status, watchers hear of the change.
   */
  function afterCommit(tail: RunTail, created?: RunCreatedEvent): void {
    index.record(summaryOf(tail), created);
    if (isTerminal(tail)) {
      removeFileIfPresent(join(activeDir, tail.runId));
      summaries.schedule(tail, TERMINAL_SNAPSHOT_DELAY_MS);
    } else {
      summaries.schedule(tail);
    }
    // Saying whether the run ended spares waiters a summary read per append.
    emit({ type: "run", runId: tail.runId, ended: isTerminal(tail) });
  }

  const createRun = createRunCreator({ runsDir, activeDir, idempotencyDir, ulid, tails, spares, afterCommit });
  const appendEvents = createAppender({ ulid, tails, afterCommit });

  async function readEvents(runId: string, from = 0): Promise<WorkflowEvent[] | undefined> {
    if (typeof runId !== "string" || !isRunId(runId)) return undefined;
    if (!Number.isInteger(from) || from < 0) throw new WorldInputError(`readEvents: invalid start index ${from}.`);
    const tail = await tails.load(runId);
    if (!tail) return undefined;
    return serialize(tail, async () => {
      await tails.catchUp(tail);
      // A damaged log that records no end reads as failed: its readable events, then the stand-in.
      const standIn = tail.damage?.standIn;
      if (from >= tail.offsets.length) return standIn && from === tail.offsets.length ? [standIn] : [];
      const start = tail.offsets[from];
      const events = parseCommitted(await readRange(tail.fd, start, tail.size - start), start);
      return standIn ? [...events, standIn] : events;
    });
  }

  /**
   * Every listing takes the page's runs from the run index (no directory listing per page), then reads their
   * summaries at once, so counts are current and a log damaged since is reported (`summary.error`).
   */
  async function listRuns(query: ListRunsQuery = {}): Promise<Page<RunSummary>> {
    const limit = Math.min(Math.max(1, Math.floor(query.limit ?? 100)), MAX_LIST_LIMIT);
    if (query.cursor !== undefined && query.cursor !== null && !isRunId(query.cursor)) {
      throw new WorldInputError(`listRuns: invalid cursor ${JSON.stringify(query.cursor)}.`);
    }
    const found = await index.find({ ...query, limit });
    const page = found.slice(0, limit);
    const current = await Promise.all(
      page.map(async ({ runId, summary }) => (await summaries.getRun(runId).catch(() => undefined)) ?? { ...summary }),
    );
    // A run another process moved on since its index line was read is left out of a status it no longer has.
    const data = current.filter((summary) => query.status === undefined || summary.status === query.status);
    return { data, cursor: found.length > limit ? page[page.length - 1].runId : null };
  }

  async function listActiveRunIds(): Promise<string[]> {
    const active: string[] = [];
    for (const name of (await fsp.readdir(activeDir)).toSorted()) {
      if (!isRunId(name)) continue;
      // One unreadable run must not keep every later one from recovering: it is skipped, its marker kept.
      const tail = await tails.load(name).catch(() => null);
      if (tail === null) continue;
      if (tail) {
        const state = await serialize(tail, async () => {
          await tails.catchUp(tail);
          return tail.damage ? "damaged" : isTerminal(tail) ? "ended" : "active";
        }).catch(() => "unreadable");
        // A damaged log keeps its marker, so the run resumes once the file is repaired.
        if (state === "active") active.push(name);
        else if (state === "ended") await fsp.rm(join(activeDir, name), { force: true });
        continue;
      }
      const stat = await fsp.stat(join(activeDir, name)).catch(() => undefined);
      if (stat && Date.now() - stat.mtimeMs > ORPHAN_MARKER_AGE_MS) await fsp.rm(join(activeDir, name), { force: true });
    }
    return active;
  }

  /** `check` of the run's tail once caught up with its log (false for a run that does not exist). */
  async function checkCaughtUp(runId: string, check: (tail: RunTail) => boolean): Promise<boolean> {
    if (typeof runId !== "string" || !isRunId(runId)) return false;
    const tail = await tails.load(runId);
    if (!tail) return false;
    return serialize(tail, async () => {
      await tails.catchUp(tail);
      return check(tail);
    });
  }

  const isHookLive = (runId: string, hookId: string) => checkCaughtUp(runId, (tail) => hookLives(tail, hookId));

  const isHookRecorded = (runId: string, hookId: string) => checkCaughtUp(runId, (tail) => tail.hooksCreated.has(hookId) && hookLives(tail, hookId));

  function isOwnWrite(runId: string): boolean {
    const tail = tails.peek(runId);
    if (!tail) return false;
    try {
      return fs.fstatSync(tail.fd).size <= tail.size + tail.writing;
    } catch {
      return false;
    }
  }

  async function close(): Promise<void> {
    await spares.close();
    await summaries.close();
    index.close();
    await tails.close();
    releaseLeases(runsDir);
  }

  return { createRun, appendEvents, readEvents, getRun: summaries.getRun, listRuns, listActiveRunIds, isHookLive, isHookRecorded, isOwnWrite, close };
}

/** Neither the run nor the hook has ended (a hook that was never recorded has not ended either). */
function hookLives(tail: RunTail, hookId: string): boolean {
  return !isTerminal(tail) && !tail.ended.has(settlementKey("hook", hookId));
}
