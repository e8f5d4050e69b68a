import fs, { promises as fsp } from "node:fs";
import { join } from "node:path";
import type { RunCreatedEvent } from "../../events/event.ts";
import { isRunId } from "../../events/ids.ts";
import { isTerminalStatus } from "../../events/terminal-events.ts";
import { searchTextOf } from "../run-search-text.ts";
import type { ListRunsQuery, RunSummary } from "../world.ts";
import { replaceIndexFile, tryLockCompaction } from "./run-index-compaction.ts";

/** Runs the index reads from their own files at once while it reconciles on load. */
const RECONCILE_CONCURRENCY = 16;
/** The file is rewritten to one line per run once it holds more than twice that many lines plus this. */
const COMPACTION_SLACK = 1000;

/** One line of `run-index.jsonl`: the run's summary when it changed status, with its search text once. */
interface IndexLine extends RunSummary {
  text?: string;
}

interface IndexEntry {
  summary: RunSummary;
  /** Lower-cased `workflowName runId input-preview`. */
  text: string;
  /** False until a line with the run's input was read (its creation line may have been lost). */
  hasInput: boolean;
}

/**
 * The run index of the filesystem world: `run-index.jsonl` at the data dir's root, append-only, one line per
 * change of a run's status (its creation, start and end), so listings, status filters and searches read
 * memory instead of every run's files. It is a cache of the logs: a line lost to a crash, or torn, is
 * repaired from the runs' own files when the index is loaded, and a torn line is isolated by the blank line
 * each write starts with. Several processes append to it; when it holds many more lines than runs, a process
 * that has loaded it rewrites it to one line per run (`run-index-compaction`): readers see the file replaced
 * (another inode) and read the new one from the start, writers see it after their write and write again.
 */
export interface RunIndex {
  /** Records a run's summary when its status changed since this process last recorded it (one small write). */
  record(summary: RunSummary, created?: RunCreatedEvent): void;
  /** Ids of runs matching `query`, newest first, from the cursor on; at most `limit + 1`. */
  find(query: ListRunsQuery & { limit: number }): Promise<Array<{ runId: string; summary: RunSummary }>>;
  close(): void;
}

/**
 * Opens the index of `<dataDir>/run-index.jsonl`. `getRun` and `readCreated` read a run's own files when the
 * index has to be repaired.
 */
export function createRunIndex(options: {
  dataDir: string;
  runsDir: string;
  getRun: (runId: string) => Promise<RunSummary | undefined>;
  readCreated: (runId: string) => Promise<RunCreatedEvent | undefined>;
}): RunIndex {
  const path = join(options.dataDir, "run-index.jsonl");
  /** Status this process last wrote per run, so an append that changes nothing writes nothing. */
  const written = new Map<string, RunSummary["status"]>();
  const entries = new Map<string, IndexEntry>();
  /** Run ids ascending (ULIDs: oldest first); read from the end for newest first. */
  const ids: string[] = [];
  /** Bytes of the file already folded into `entries`, and the inode of that file. */
  let readUpTo = 0;
  let readIno: number | undefined;
  /** Lines read from the file, and lines this process wrote since its last read: when to compact. */
  let lineCount = 0;
  let writtenSinceRead = 0;
  let loading: Promise<void> | undefined;
  let loaded = false;
  let compacting: Promise<void> | undefined;
  /** The file this process appends to, and its inode (an open file keeps its inode: read once, at open). */
  let appender: { fd: number; ino: number } | undefined;
  let closed = false;

  function openAppender(): { fd: number; ino: number } {
    const fd = fs.openSync(path, "a");
    return { fd, ino: fs.fstatSync(fd).ino };
  }

  function closeAppender(): void {
    if (appender) fs.closeSync(appender.fd);
    appender = undefined;
  }

  function writeLine(line: IndexLine): void {
    // The leading newline ends any line a crashed writer tore, so this one always parses.
    const text = `\n${JSON.stringify(line)}\n`;
    appender ??= openAppender();
    fs.writeSync(appender.fd, text);
    // A compaction replaced the file before this write reached it: the line goes to the new file too.
    if (fs.statSync(path).ino !== appender.ino) {
      closeAppender();
      appender = openAppender();
      fs.writeSync(appender.fd, text);
    }
    writtenSinceRead++;
    if (isOversized()) void compact();
  }

  function isOversized(): boolean {
    return lineCount + writtenSinceRead > 2 * entries.size + COMPACTION_SLACK;
  }

  function record(summary: RunSummary, created?: RunCreatedEvent): void {
    if (!created && written.get(summary.runId) === summary.status) return;
    const text = created ? searchTextOf(created.workflowName, summary.runId, created.input) : undefined;
    try {
      writeLine(text === undefined ? summary : { ...summary, text });
    } catch {
      // The index is a cache: a line it could not write is repaired from the run's files on the next load.
      return;
    }
    // A run that ended is never appended to again, so nothing more is compared against it.
    if (isTerminalStatus(summary.status)) written.delete(summary.runId);
    else written.set(summary.runId, summary.status);
    if (loading) fold(summary, text);
  }

  function fold(summary: RunSummary, text: string | undefined): void {
    const entry = entries.get(summary.runId);
    if (entry) {
      // Lines of one run may be read out of order (copied behind newer ones by a compaction): the longer log wins.
      if (summary.eventCount >= entry.summary.eventCount) entry.summary = { ...summary };
      if (text !== undefined) {
        entry.text = text;
        entry.hasInput = true;
      }
      return;
    }
    const hasInput = text !== undefined;
    entries.set(summary.runId, { summary: { ...summary }, text: text ?? searchTextOf(summary.workflowName, summary.runId, ""), hasInput });
    insertId(summary.runId);
  }

  function insertId(runId: string): void {
    if (ids.length === 0 || ids[ids.length - 1] < runId) {
      ids.push(runId);
      return;
    }
    let low = 0;
    let high = ids.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (ids[mid] < runId) low = mid + 1;
      else high = mid;
    }
    if (ids[low] !== runId) ids.splice(low, 0, runId);
  }

  /** Reads of the file and compactions run one at a time: each moves `readUpTo` from where the last left it. */
  let fileTasks: Promise<unknown> = Promise.resolve();
  function inTurn<T>(task: () => Promise<T>): Promise<T> {
    const run = fileTasks.then(task);
    fileTasks = run.catch(() => undefined);
    return run;
  }

  /** Folds the lines written to the file since the last read (see `readNewLines`). */
  function catchUp(): Promise<void> {
    return inTurn(readNewLines);
  }

  /**
   * Folds the lines other processes (or an earlier one) wrote since the last read; a torn tail waits. A file
   * replaced by a compaction is read from its start (it holds every run; folding a line again changes nothing).
   */
  async function readNewLines(): Promise<void> {
    const handle = await fsp.open(path, "r").catch(() => undefined);
    if (!handle) return;
    let chunk: Buffer;
    try {
      const { ino, size } = await handle.stat();
      if (ino !== readIno) {
        readIno = ino;
        readUpTo = 0;
        lineCount = 0;
      }
      if (size <= readUpTo) return;
      chunk = Buffer.alloc(size - readUpTo);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, readUpTo);
      chunk = chunk.subarray(0, bytesRead);
      writtenSinceRead = 0;
    } finally {
      await handle.close();
    }
    const end = chunk.lastIndexOf(0x0a);
    if (end === -1) return;
    for (const text of chunk.subarray(0, end).toString("utf8").split("\n")) {
      if (text.length === 0) continue;
      lineCount++;
      let line: IndexLine;
      try {
        line = JSON.parse(text) as IndexLine;
      } catch {
        continue;
      }
      if (typeof line?.runId !== "string" || !isRunId(line.runId) || typeof line.status !== "string") continue;
      const { text: searchText, ...summary } = line;
      fold(summary, typeof searchText === "string" ? searchText : undefined);
    }
    readUpTo += end + 1;
  }

  /**
   * First load: the file, then every run it misses (created while a crash lost its line) and every run it
   * shows unfinished (its end may have been lost) read from the run's own files, and written back.
   */
  async function load(): Promise<void> {
    await catchUp();
    const names = (await fsp.readdir(options.runsDir).catch(() => [] as string[])).filter(isRunId);
    const stale = names.filter((runId) => {
      const entry = entries.get(runId);
      return !entry || !entry.hasInput || !isTerminalStatus(entry.summary.status);
    });
    for (let i = 0; i < stale.length; i += RECONCILE_CONCURRENCY) {
      await Promise.all(stale.slice(i, i + RECONCILE_CONCURRENCY).map(repair));
    }
    loaded = true;
    if (isOversized()) void compact();
  }

  /**
   * Rewrites the file to one line per run, from this process's index (complete once loaded, and caught up
   * under the lock, so it holds every line of the file it replaces up to `readUpTo`). Best effort: the index
   * is a cache, so a compaction that cannot run now leaves the file as it is for a later one.
   */
  function compact(): Promise<void> {
    if (!loaded || closed) return Promise.resolve();
    compacting ??= inTurn(async () => {
      const release = tryLockCompaction(path);
      if (!release) return;
      try {
        await readNewLines();
        if (readIno === undefined || !isOversized()) return;
        // Taken in one synchronous step: later lines of this process land after `readUpTo` in the old file.
        const tailFrom = readUpTo;
        const lines: string[] = [];
        for (const runId of ids) {
          const entry = entries.get(runId)!;
          lines.push(JSON.stringify(entry.hasInput ? { ...entry.summary, text: entry.text } : entry.summary));
        }
        const replaced = await replaceIndexFile({ path, content: lines.length > 0 ? `${lines.join("\n")}\n` : "", readIno, tailFrom });
        if (!replaced) return;
        readIno = replaced.ino;
        readUpTo = replaced.size;
        lineCount = lines.length;
        writtenSinceRead = 0;
        closeAppender();
      } catch {
        // Left for a later compaction.
      } finally {
        release();
      }
    }).finally(() => {
      compacting = undefined;
    });
    return compacting;
  }

  async function repair(runId: string): Promise<void> {
    const [summary, created] = await Promise.all([
      options.getRun(runId).catch(() => undefined),
      entries.get(runId)?.hasInput ? undefined : options.readCreated(runId).catch(() => undefined),
    ]);
    if (!summary) return;
    const previous = entries.get(runId);
    if (previous && previous.summary.status === summary.status && !created) {
      previous.summary = summary;
      return;
    }
    const text = created ? searchTextOf(created.workflowName, runId, created.input) : undefined;
    try {
      writeLine(text === undefined ? summary : { ...summary, text });
    } catch {
      // Kept in memory; the next load tries again.
    }
    fold(summary, text);
  }

  async function find(query: ListRunsQuery & { limit: number }): Promise<Array<{ runId: string; summary: RunSummary }>> {
    loading ??= load().catch((error) => {
      loading = undefined;
      throw error;
    });
    await loading;
    await catchUp();
    const needle = query.search?.trim().toLowerCase() || undefined;
    const found: Array<{ runId: string; summary: RunSummary }> = [];
    let index = ids.length - 1;
    if (query.cursor) {
      while (index >= 0 && ids[index] >= query.cursor) index--;
    }
    for (; index >= 0 && found.length <= query.limit; index--) {
      const entry = entries.get(ids[index])!;
      if (query.status !== undefined && entry.summary.status !== query.status) continue;
      if (query.workflowName !== undefined && entry.summary.workflowName !== query.workflowName) continue;
      if (needle !== undefined && !entry.text.includes(needle)) continue;
      found.push({ runId: ids[index], summary: entry.summary });
    }
    return found;
  }

  function close(): void {
    closed = true;
    closeAppender();
  }

  return { record, find, close };
}
