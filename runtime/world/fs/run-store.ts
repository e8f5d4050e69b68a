import { randomBytes } from "node:crypto";
import fs, { constants, promises as fsp } from "node:fs";
import { join } from "node:path";
import type { NewWorkflowEvent, RunCreatedEvent, WorkflowEvent } from "../../events/event.ts";
import { EVENT_ID_PREFIX, RUN_ID_PREFIX } from "../../events/ids.ts";
import { settlementKey, settlingKey } from "../../events/settling-events.ts";
import { isTerminalRunEvent } from "../../events/terminal-events.ts";
import type { AppendOptions, CreateRunRequest, CreateRunResult, ListRunsQuery, Page, RunSummary, World, WorldChange } from "../world.ts";
import { createFileExclusive, datasync, isMissing, isPidAlive, readJsonFile, readRange, syncDir, writeFileAtomic } from "./durable-file.ts";
import { encodeBatch, parseCommitted, parseLogChunk } from "./log-lines.ts";
import { assertRunId, hashKey, isRunId, WorldInputError } from "./names.ts";
import { adoptLease, ownLeaseContent, releaseLeases, withLease } from "./run-lease.ts";
import { applyChunk, applyEvent, emptyTail, isTerminal, type RunTail, summaryOf } from "./run-tail.ts";
import type { UlidGenerator } from "./ulid.ts";

/** Loaded run tails kept in memory (each holds one open file handle). */
const MAX_LOADED_RUNS = 256;
/**
 * Appends to one run within this window share one snapshot write. The snapshot is only a cache of the log's
 * fold (it records the log length it came from, so a stale one is detected), so it stays off the hot path.
 */
const SNAPSHOT_DELAY_MS = 250;
/** A run that just ended gets its snapshot sooner, for listings. */
const TERMINAL_SNAPSHOT_DELAY_MS = 20;
/** An `active/` marker without a run log is removed once older than this (a create may be in flight). */
const ORPHAN_MARKER_AGE_MS = 60_000;
const EVENT_TYPE_RE = /^[a-z][a-z_]{0,63}$/;
/** Spare run directories kept ready (see `takeSpare`), and the count below which they are refilled. */
const SPARE_RUN_DIRS = 16;
const SPARE_REFILL_BELOW = 8;
/** Spares made per refill round (their directory fsyncs share the disk's thread pool with appends). */
const SPARE_ROUND = 4;
/** Name prefix of spare run directories in `runs/`: `.spare-<pid>-<process nonce>-<n>`. */
const SPARE_PREFIX = ".spare-";
/** Tells this process's spare directories from those of an earlier process that had the same pid. */
const PROCESS_NONCE: string = ((globalThis as Record<symbol, unknown>)[Symbol.for("vite-workflow.fsProcessNonce")] ??= randomBytes(4).toString("hex")) as string;
const MAX_LIST_LIMIT = 1000;

/**
 * A run directory made ahead of time under a hidden name: an empty `events.jsonl` (open) and this process's
 * lease file, both durable with their directory entries. `createRun` renames one into place.
 */
interface SpareRunDir {
  dir: string;
  fd: number;
  lease: string;
  /** An empty file in `active/` under a hidden name, renamed to the run's marker. */
  marker: string;
}

/** One pending `appendEvents` call waiting for its run's next group commit. */
type PendingAppend = NonNullable<RunTail["group"]>[number];

/** `run.json`: the summary plus the log length it was folded from, so readers can tell if it is current. */
interface RunSnapshot extends RunSummary {
  bytes: number;
}

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
  close(): Promise<void>;
}

/** Creates the run store over `<dataDir>/runs`, `<dataDir>/active` and `<dataDir>/idempotency`. */
export function createRunStore(options: { dataDir: string; ulid: UlidGenerator; emit: (change: WorldChange) => void }): RunStore {
  const { ulid, emit } = options;
  const runsDir = join(options.dataDir, "runs");
  const activeDir = join(options.dataDir, "active");
  const idempotencyDir = join(options.dataDir, "idempotency");
  const tails = new Map<string, RunTail>();
  const loading = new Map<string, Promise<RunTail | undefined>>();
  const snapshotTimers = new Map<string, NodeJS.Timeout>();
  const spares: SpareRunDir[] = [];
  let filling: Promise<void> | undefined;
  let spareCounter = 0;
  let closed = false;
  void sweepSpares().catch(() => undefined);

  const runDir = (runId: string) => join(runsDir, runId);
  const logPath = (runId: string) => join(runsDir, runId, "events.jsonl");

  function remember(tail: RunTail): RunTail {
    tails.set(tail.runId, tail);
    if (tails.size > MAX_LOADED_RUNS) {
      for (const [runId, old] of tails) {
        if (tails.size <= MAX_LOADED_RUNS) break;
        if (old.busy > 0 || snapshotTimers.has(runId)) continue;
        tails.delete(runId);
        fs.closeSync(old.fd);
      }
    }
    return tail;
  }

  async function loadTail(runId: string): Promise<RunTail | undefined> {
    const cached = tails.get(runId);
    if (cached) {
      // Refresh LRU position.
      tails.delete(runId);
      tails.set(runId, cached);
      return cached;
    }
    let pending = loading.get(runId);
    if (!pending) {
      pending = readTail(runId).finally(() => loading.delete(runId));
      loading.set(runId, pending);
    }
    return pending;
  }

  async function readTail(runId: string): Promise<RunTail | undefined> {
    let fd: number;
    try {
      fd = fs.openSync(logPath(runId), constants.O_RDWR);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    const tail = emptyTail(runId, logPath(runId), fd);
    try {
      await catchUp(tail, ulid);
    } catch (error) {
      fs.closeSync(fd);
      throw error;
    }
    if (tail.summary.eventCount === 0) {
      fs.closeSync(fd);
      return undefined;
    }
    return remember(tail);
  }

  function scheduleSnapshot(tail: RunTail, delay = SNAPSHOT_DELAY_MS): void {
    if (closed || snapshotTimers.has(tail.runId)) return;
    const timer = setTimeout(() => {
      snapshotTimers.delete(tail.runId);
      void writeSnapshot(tail).catch(() => undefined);
    }, delay);
    timer.unref();
    snapshotTimers.set(tail.runId, timer);
  }

  async function writeSnapshot(tail: RunTail): Promise<void> {
    const snapshot: RunSnapshot = { ...summaryOf(tail), bytes: tail.size };
    await writeFileAtomic(join(runDir(tail.runId), "run.json"), `${JSON.stringify(snapshot, null, 2)}\n`, { durable: false });
  }

  async function createRun(request: CreateRunRequest): Promise<CreateRunResult> {
    if (typeof request?.workflowName !== "string" || request.workflowName.length === 0) {
      throw new WorldInputError("createRun needs a workflowName.");
    }
    let runId = `${RUN_ID_PREFIX}${ulid.next()}`;
    // A new id names no directory yet; one taken over from an idempotency record may have a partial one.
    let fresh = true;
    if (request.idempotencyKey !== undefined) {
      const keyPath = join(idempotencyDir, `${hashKey("idempotency key", request.idempotencyKey)}.json`);
      const record = { idempotencyKey: request.idempotencyKey, runId, createdAt: Date.now() };
      if (!(await createFileExclusive(keyPath, `${JSON.stringify(record, null, 2)}\n`))) {
        const existing = await readJsonFile<{ runId?: string }>(keyPath);
        if (existing?.runId === undefined || !isRunId(existing.runId)) {
          throw new WorldInputError(`The idempotency record ${keyPath} is unreadable; remove it to reuse the key.`);
        }
        if (await loadTail(existing.runId)) return { runId: existing.runId, created: false };
        // The key was claimed by a creator that crashed before writing the run: finish its job.
        runId = existing.runId;
        fresh = false;
      }
    }
    const events = await writeFirstEvents(runId, request, fresh);
    return events ? { runId, created: true, events } : { runId, created: false };
  }

  /**
   * Prepares spare run directories (and `active/` markers) in the background, so that `createRun` only
   * renames one of each into place. Each spare directory and marker is fsync'd (the entries `events.jsonl`
   * and `lock`, and the marker's inode, are durable before use); the hidden names need not be: `createRun`
   * fsyncs `runs/` and `active/` after the renames, and the log's inode is made durable by the fdatasync of
   * the first batch.
   */
  function refillSpares(): void {
    if (filling || closed || spares.length >= SPARE_REFILL_BELOW) return;
    filling = (async () => {
      // Off the event loop (each metadata call costs up to a few hundred microseconds while the journal is
      // busy), a few spares per round so the disk's thread pool stays free for appends.
      while (spares.length < SPARE_RUN_DIRS) {
        const round: SpareRunDir[] = [];
        try {
          for (let i = 0; i < SPARE_ROUND && spares.length + round.length < SPARE_RUN_DIRS; i++) {
            const name = `${SPARE_PREFIX}${process.pid}-${PROCESS_NONCE}-${++spareCounter}`;
            const spare: SpareRunDir = { dir: join(runsDir, name), fd: -1, lease: ownLeaseContent(), marker: join(activeDir, name) };
            round.push(spare);
            await fsp.mkdir(spare.dir);
            spare.fd = await openAsync(join(spare.dir, "events.jsonl"), constants.O_RDWR | constants.O_CREAT | constants.O_EXCL);
            await fsp.writeFile(join(spare.dir, "lock"), spare.lease, { flag: "wx" });
          }
          // The markers' inodes are made durable by an fsync of each (not of `active/`, whose fsync `createRun`
          // waits for: sharing it would make a create wait for two); their hidden names need not be.
          await Promise.all([...round.map((spare) => syncDir(spare.dir)), ...round.map((spare) => createSynced(spare.marker))]);
          if (closed) throw new Error("closed");
          spares.push(...round);
        } catch {
          // Spares are an optimisation: `createRun` makes its directory itself meanwhile.
          for (const spare of round) discardSpare(spare);
          return;
        }
      }
    })().finally(() => (filling = undefined));
  }

  function discardSpare(spare: SpareRunDir): void {
    try {
      if (spare.fd >= 0) fs.closeSync(spare.fd);
    } catch {
      // Already closed.
    }
    fs.rmSync(spare.dir, { recursive: true, force: true });
    fs.rmSync(spare.marker, { force: true });
  }

  /** Removes spare directories left by processes that no longer run (they never held a run). */
  async function sweepSpares(): Promise<void> {
    for (const dir of [runsDir, activeDir]) {
      for (const name of await fsp.readdir(dir)) {
        if (!name.startsWith(SPARE_PREFIX)) continue;
        const [pidText, nonce] = name.slice(SPARE_PREFIX.length).split("-");
        const pid = Number(pidText);
        const ours = pid === process.pid && nonce === PROCESS_NONCE;
        if (!ours && !(pid !== process.pid && isPidAlive(pid))) await fsp.rm(join(dir, name), { recursive: true, force: true });
      }
    }
  }

  /**
   * Writes a new run's first batch into a spare directory and renames it into place.
   *
   * Order: the spare's `active/` marker renamed to the run's, log bytes, the directory renamed to the run's,
   * then fdatasync of the log and fsync of `runs/` and `active/` together; the spare's own entries (log,
   * lease, marker) were durable before. A SIGKILL before the directory's rename leaves a hidden spare (removed
   * by the next process's sweep) and maybe a marker without a run (removed by `listActiveRunIds` once old);
   * after it and before the syncs complete, the run directory holds an empty or torn log, which loads as no
   * run, or the whole batch. As before, the marker got its name before the run's directory did (metadata
   * changes reach the journal in order), so a run that survives is one that recovery sees. Undefined when
   * no spare was ready.
   */
  async function createFromSpare(runId: string, bytes: Buffer): Promise<RunTail | undefined> {
    const spare = spares.pop();
    refillSpares();
    if (!spare) return undefined;
    try {
      fs.renameSync(spare.marker, join(activeDir, runId));
      fs.writeSync(spare.fd, bytes, 0, bytes.length, 0);
      fs.renameSync(spare.dir, runDir(runId));
    } catch {
      discardSpare(spare);
      return undefined;
    }
    adoptLease(join(runDir(runId), "lock"), spare.lease);
    try {
      await Promise.all([datasync(spare.fd), syncDir(runsDir), syncDir(activeDir)]);
    } catch (error) {
      fs.closeSync(spare.fd);
      throw error;
    }
    return emptyTail(runId, logPath(runId), spare.fd);
  }

  /** Writes `run_created` (and the caller's `firstEvents`) as the run's first batches; undefined if it exists. */
  async function writeFirstEvents(runId: string, request: CreateRunRequest, fresh: boolean): Promise<WorkflowEvent[] | undefined> {
    const createdAt = Date.now();
    const event: RunCreatedEvent = {
      type: "run_created",
      runId,
      eventId: `${EVENT_ID_PREFIX}${ulid.next(createdAt)}`,
      createdAt,
      workflowName: request.workflowName,
      input: request.input,
      seed: request.seed,
      ...(request.url === undefined ? {} : { url: request.url }),
      ...(request.idempotencyKey === undefined ? {} : { idempotencyKey: request.idempotencyKey }),
    };
    const stored: WorkflowEvent[] = [event];
    if (request.firstEvents) {
      const more = await request.firstEvents({ ...event });
      assertEvents(more);
      let lastUlid = event.eventId.slice(EVENT_ID_PREFIX.length);
      for (const next of more) {
        lastUlid = ulid.next(createdAt, lastUlid);
        stored.push({ ...next, runId, eventId: `${EVENT_ID_PREFIX}${lastUlid}`, createdAt } as WorkflowEvent);
        if (isTerminalRunEvent(next)) break;
      }
    }
    // `run_created` is a batch of its own: a torn write keeps at least a run that recovery starts.
    const bytes = stored.length === 1 ? encodeBatch(stored) : Buffer.concat([encodeBatch(stored.slice(0, 1)), encodeBatch(stored.slice(1))]);
    const tail = (fresh ? await createFromSpare(runId, bytes) : undefined) ?? (await createRunDir(runId, bytes));
    if (!tail) return undefined;
    let lineStart = 0;
    for (const storedEvent of stored) {
      applyEvent(tail, storedEvent, lineStart);
      lineStart = bytes.indexOf(0x0a, lineStart) + 1;
    }
    tail.size = bytes.length;
    remember(tail);
    if (isTerminal(tail)) {
      fs.rmSync(join(activeDir, runId), { force: true });
      scheduleSnapshot(tail, TERMINAL_SNAPSHOT_DELAY_MS);
    } else {
      scheduleSnapshot(tail);
    }
    emit({ type: "run", runId });
    return stored;
  }

  /** Creates the run's directory and log in place (no spare ready, or an id whose directory may exist). */
  async function createRunDir(runId: string, bytes: Buffer): Promise<RunTail | undefined> {
    // The `active/` marker goes first so a crash can never leave a live run that recovery does not see.
    fs.writeFileSync(join(activeDir, runId), "");
    fs.mkdirSync(runDir(runId), { recursive: true });
    let fd: number;
    try {
      fd = fs.openSync(logPath(runId), constants.O_RDWR | constants.O_CREAT | constants.O_EXCL, 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return undefined;
      throw error;
    }
    try {
      // Taking the run's lease now puts its file into the journal commit these fsyncs pay for anyway, so the
      // run's first appends find it held.
      await withLease(join(runDir(runId), "lock"), async () => {
        fs.writeSync(fd, bytes, 0, bytes.length, 0);
        await Promise.all([datasync(fd), syncDir(runDir(runId)), syncDir(runsDir), syncDir(activeDir)]);
      });
    } catch (error) {
      fs.closeSync(fd);
      throw error;
    }
    return emptyTail(runId, logPath(runId), fd);
  }

  async function appendEvents(runId: string, events: NewWorkflowEvent[], appendOptions?: AppendOptions): Promise<WorkflowEvent[]> {
    assertRunId(runId);
    assertEvents(events);
    if (appendOptions?.createdAt !== undefined && !(Number.isSafeInteger(appendOptions.createdAt) && appendOptions.createdAt >= 0)) {
      throw new WorldInputError(`appendEvents: invalid createdAt ${JSON.stringify(appendOptions.createdAt)}.`);
    }
    if (events.length === 0) return [];
    const tail = await loadTail(runId);
    if (!tail) throw new WorldInputError(`Cannot append to run "${runId}": it does not exist.`);
    return new Promise<WorkflowEvent[]>((resolve, reject) => {
      // Group commit: calls made while this run's previous write+fdatasync is in flight are queued and
      // written together after it, with one fdatasync. Each call stays its own batch in the file, so each
      // is still atomic on its own and resolves only once durable.
      if (tail.group) {
        tail.group.push({ events, options: appendOptions, resolve, reject });
        return;
      }
      const group: PendingAppend[] = [{ events, options: appendOptions, resolve, reject }];
      tail.group = group;
      void serialize(tail, async () => {
        tail.group = undefined;
        await commitGroup(tail, group);
      });
    });
  }

  async function commitGroup(tail: RunTail, group: PendingAppend[]): Promise<void> {
    let results: WorkflowEvent[][];
    try {
      results = await withLease(join(runDir(tail.runId), "lock"), () => appendLocked(tail, group));
    } catch (error) {
      for (const pending of group) pending.reject(error);
      return;
    }
    if (results.some((stored) => stored.length > 0)) {
      if (isTerminal(tail)) {
        fs.rmSync(join(activeDir, tail.runId), { force: true });
        scheduleSnapshot(tail, TERMINAL_SNAPSHOT_DELAY_MS);
      } else {
        scheduleSnapshot(tail);
      }
      emit({ type: "run", runId: tail.runId });
    }
    group.forEach((pending, i) => pending.resolve(results[i]));
  }

  /** Appends each call's events as one batch; all batches go out in one write and one fdatasync. */
  async function appendLocked(tail: RunTail, calls: Array<{ events: NewWorkflowEvent[]; options?: AppendOptions }>): Promise<WorkflowEvent[][]> {
    const fileSize = await catchUp(tail, ulid);
    const now = Date.now();
    const results: WorkflowEvent[][] = [];
    const buffers: Buffer[] = [];
    const endedHere = new Set<string>();
    let ended = isTerminal(tail);
    let lastUlid = tail.lastEventId.slice(EVENT_ID_PREFIX.length);
    for (const { events, options: callOptions } of calls) {
      const stored: WorkflowEvent[] = [];
      results.push(stored);
      if (ended) continue;
      // What this call keeps: duplicate terminal events of a correlation are dropped, and nothing follows
      // the run's end. An `exact` call keeps all of its events or none.
      const kept: NewWorkflowEvent[] = [];
      const keys: string[] = [];
      let endsRun = false;
      for (const event of events) {
        const key = settlingKey(event);
        if (key !== undefined && (tail.ended.has(key) || endedHere.has(key) || keys.includes(key))) continue;
        if (key !== undefined) keys.push(key);
        kept.push(event);
        if (isTerminalRunEvent(event)) {
          endsRun = true;
          break;
        }
      }
      if (callOptions?.exact && kept.length !== events.length) continue;
      for (const key of keys) endedHere.add(key);
      if (endsRun) ended = true;
      const createdAt = callOptions?.createdAt ?? now;
      for (const event of kept) {
        lastUlid = ulid.next(createdAt, lastUlid);
        stored.push({ ...event, runId: tail.runId, eventId: `${EVENT_ID_PREFIX}${lastUlid}`, createdAt } as WorkflowEvent);
      }
      if (stored.length > 0) buffers.push(encodeBatch(stored));
    }
    if (buffers.length === 0) return results;
    const bytes = buffers.length === 1 ? buffers[0] : Buffer.concat(buffers);
    // Bytes past the committed end are a torn write of a crashed writer: cut them before appending.
    if (fileSize > tail.size) fs.ftruncateSync(tail.fd, tail.size);
    tail.writing = bytes.length;
    try {
      fs.writeSync(tail.fd, bytes, 0, bytes.length, tail.size);
      await datasync(tail.fd);
    } catch (error) {
      tail.writing = 0;
      // Not acknowledged, so it must not count as written: cut it (best effort) so no reader folds it later.
      try {
        fs.ftruncateSync(tail.fd, tail.size);
      } catch {
        // The next append cuts it (bytes past the committed end), unless another process folded it first.
      }
      throw error;
    }
    let lineStart = 0;
    for (const stored of results) {
      for (const event of stored) {
        applyEvent(tail, event, tail.size + lineStart);
        lineStart = bytes.indexOf(0x0a, lineStart) + 1;
      }
    }
    tail.size += bytes.length;
    tail.writing = 0;
    return results;
  }

  async function readEvents(runId: string, from = 0): Promise<WorkflowEvent[] | undefined> {
    if (typeof runId !== "string" || !isRunId(runId)) return undefined;
    if (!Number.isInteger(from) || from < 0) throw new WorldInputError(`readEvents: invalid start index ${from}.`);
    const tail = await loadTail(runId);
    if (!tail) return undefined;
    return serialize(tail, async () => {
      await catchUp(tail, ulid);
      const standIn = tail.damage?.standIn;
      if (from >= tail.offsets.length) return standIn && from === tail.offsets.length ? [standIn] : [];
      const start = tail.offsets[from];
      const events = parseCommitted(await readRange(tail.fd, start, tail.size - start), start);
      return standIn ? [...events, standIn] : events;
    });
  }

  async function getRun(runId: string): Promise<RunSummary | undefined> {
    if (typeof runId !== "string" || !isRunId(runId)) return undefined;
    let tail = tails.get(runId);
    if (!tail) {
      const [snapshot, size] = await Promise.all([
        readJsonFile<RunSnapshot>(join(runDir(runId), "run.json")),
        fsp.stat(logPath(runId)).then(
          (stat) => stat.size,
          () => -1,
        ),
      ]);
      if (size === -1) return undefined;
      if (snapshot && snapshot.bytes === size && snapshot.runId === runId) {
        const { bytes: _bytes, ...summary } = snapshot;
        return summary;
      }
      tail = await loadTail(runId);
      if (!tail) return undefined;
      scheduleSnapshot(tail, 0);
    }
    // Current already (nothing appended by another process, or only this process's write in flight): no
    // need to queue behind that write.
    const size = fs.fstatSync(tail.fd).size;
    if (size === tail.size || size === tail.size + tail.writing) return summaryOf(tail);
    const current = tail;
    return serialize(current, async () => {
      await catchUp(current, ulid);
      return summaryOf(current);
    });
  }

  async function listRuns(query: ListRunsQuery = {}): Promise<Page<RunSummary>> {
    const limit = Math.min(Math.max(1, Math.floor(query.limit ?? 100)), MAX_LIST_LIMIT);
    if (query.cursor !== undefined && query.cursor !== null && !isRunId(query.cursor)) {
      throw new WorldInputError(`listRuns: invalid cursor ${JSON.stringify(query.cursor)}.`);
    }
    // Run ids are ULIDs, so directory names sorted descending are newest first; no file is read to order them.
    const names = (await fsp.readdir(runsDir)).filter(isRunId).toSorted().toReversed();
    let index = query.cursor ? lowerBoundDescending(names, query.cursor) : 0;
    const data: RunSummary[] = [];
    for (; index < names.length && data.length < limit; index++) {
      // A run whose files cannot be read at all (permissions, I/O errors) is left out, not the whole page.
      const summary = await getRun(names[index]).catch(() => undefined);
      if (!summary) continue;
      if (query.workflowName !== undefined && summary.workflowName !== query.workflowName) continue;
      if (query.status !== undefined && summary.status !== query.status) continue;
      data.push(summary);
    }
    return { data, cursor: data.length === limit && index < names.length ? data[data.length - 1].runId : null };
  }

  async function listActiveRunIds(): Promise<string[]> {
    const active: string[] = [];
    for (const name of (await fsp.readdir(activeDir)).toSorted()) {
      if (!isRunId(name)) continue;
      // One unreadable run must not keep every later one from recovering: it is skipped, its marker kept.
      const tail = await loadTail(name).catch(() => null);
      if (tail === null) continue;
      if (tail) {
        const state = await serialize(tail, async () => {
          await catchUp(tail, ulid);
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

  async function isHookLive(runId: string, hookId: string): Promise<boolean> {
    if (typeof runId !== "string" || !isRunId(runId)) return false;
    const tail = await loadTail(runId);
    if (!tail) return false;
    return serialize(tail, async () => {
      await catchUp(tail, ulid);
      return !isTerminal(tail) && !tail.ended.has(settlementKey("hook", hookId));
    });
  }

  async function close(): Promise<void> {
    closed = true;
    await filling;
    for (const spare of spares.splice(0)) discardSpare(spare);
    const flushes: Promise<void>[] = [];
    for (const [runId, timer] of snapshotTimers) {
      clearTimeout(timer);
      const tail = tails.get(runId);
      if (tail) flushes.push(serialize(tail, () => writeSnapshot(tail)).catch(() => undefined));
    }
    snapshotTimers.clear();
    await Promise.all(flushes);
    await Promise.all([...tails.values()].map((tail) => tail.queue.then(() => fs.closeSync(tail.fd)).catch(() => undefined)));
    tails.clear();
    releaseLeases(runsDir);
  }

  function isOwnWrite(runId: string): boolean {
    const tail = tails.get(runId);
    if (!tail) return false;
    try {
      return fs.fstatSync(tail.fd).size <= tail.size + tail.writing;
    } catch {
      return false;
    }
  }

  return { createRun, appendEvents, readEvents, getRun, listRuns, listActiveRunIds, isHookLive, isOwnWrite, close };
}

/** Throws unless `events` is an array of objects with a valid event type. */
function assertEvents(events: NewWorkflowEvent[]): void {
  if (!Array.isArray(events)) throw new WorldInputError("appendEvents expects an array of events.");
  for (const event of events) {
    if (event === null || typeof event !== "object" || !EVENT_TYPE_RE.test(String((event as { type?: unknown }).type))) {
      throw new WorldInputError(`appendEvents got an event without a valid type: ${JSON.stringify(event)?.slice(0, 200)}`);
    }
  }
}

/** Creates an empty file (failing if it exists) and fsyncs it, off the event loop. */
async function createSynced(path: string): Promise<void> {
  const fd = await openAsync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL);
  try {
    await new Promise<void>((resolve, reject) => fs.fsync(fd, (error) => (error ? reject(error) : resolve())));
  } finally {
    fs.close(fd, () => undefined);
  }
}

function openAsync(path: string, flags: number): Promise<number> {
  return new Promise((resolve, reject) => fs.open(path, flags, 0o644, (error, fd) => (error ? reject(error) : resolve(fd))));
}

/** First index in a descending-sorted list whose value is below `cursor`. */
function lowerBoundDescending(names: string[], cursor: string): number {
  let low = 0;
  let high = names.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (names[mid] >= cursor) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Runs `task` after every earlier task on this tail; keeps the tail from being evicted meanwhile. */
function serialize<T>(tail: RunTail, task: () => Promise<T>): Promise<T> {
  tail.busy++;
  const result = tail.queue.then(task);
  tail.queue = result.then(
    () => undefined,
    () => undefined,
  );
  return result.finally(() => tail.busy--);
}

/** Folds whatever other processes appended since this tail was last current; returns the file size. */
async function catchUp(tail: RunTail, ulid: UlidGenerator): Promise<number> {
  const { size } = fs.fstatSync(tail.fd);
  if (size === tail.size) return size;
  if (size < tail.size) {
    // Only a committed-data truncation (outside the world) can shrink the log: fold it again.
    Object.assign(tail, emptyTail(tail.runId, tail.logPath, tail.fd), { queue: tail.queue, busy: tail.busy, group: tail.group, writing: tail.writing });
    delete tail.damage;
  }
  const buffer = await readRange(tail.fd, tail.size, size - tail.size);
  applyChunk(tail, parseLogChunk(buffer, tail.size), (after, at) => `${EVENT_ID_PREFIX}${ulid.next(at, after.slice(EVENT_ID_PREFIX.length))}`);
  return size;
}
