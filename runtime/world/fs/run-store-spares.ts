import { randomBytes } from "node:crypto";
import fs, { constants, promises as fsp } from "node:fs";
import { join } from "node:path";
import { datasync } from "./datasync.ts";
import { isPidAlive, syncDir } from "./durable-file.ts";
import { adoptLease, ownLeaseContent } from "./run-lease.ts";
import { runLockPath } from "./run-tail.ts";

/** Spare run directories kept ready (see `createSpareRunDirs`), and the count below which they are refilled. */
const SPARE_RUN_DIRS = 16;
const SPARE_REFILL_BELOW = 8;
/** Spares made per refill round (their directory fsyncs share the disk's thread pool with appends). */
const SPARE_ROUND = 4;
/** Name prefix of spare run directories in `runs/`: `.spare-<pid>-<process nonce>-<n>`. */
const SPARE_PREFIX = ".spare-";
/** Tells this process's spare directories from those of an earlier process that had the same pid. */
const PROCESS_NONCE: string = ((globalThis as Record<symbol, unknown>)[Symbol.for("vite-workflow.fsProcessNonce")] ??= randomBytes(4).toString("hex")) as string;

/**
 * A run directory made ahead of time under a hidden name: an empty `events.jsonl` (open) and this process's
 * lease file, both durable with their directory entries. `take` renames one into place.
 */
interface SpareRunDir {
  dir: string;
  fd: number;
  lease: string;
  /** An empty file in `active/` under a hidden name, renamed to the run's marker. */
  marker: string;
}

/** Run directories prepared in the background, so creating a run costs renames instead of mkdir + fsyncs. */
export interface SpareRunDirs {
  /**
   * Writes a new run's first batch into a spare directory and renames it into place; resolves the open log
   * descriptor once the batch and both renames are durable. Undefined when no spare was ready.
   */
  take(runId: string, bytes: Buffer): Promise<number | undefined>;
  /** Stops refilling and removes this process's unused spares. */
  close(): Promise<void>;
}

/** Creates the spares of `runsDir` (markers in `activeDir`) and sweeps those of processes that are gone. */
export function createSpareRunDirs(options: { runsDir: string; activeDir: string }): SpareRunDirs {
  const { runsDir, activeDir } = options;
  const spares: SpareRunDir[] = [];
  let filling: Promise<void> | undefined;
  let counter = 0;
  let closed = false;
  void sweep().catch(() => undefined);

  /**
   * Each spare directory and marker is fsync'd (the entries `events.jsonl` and `lock`, and the marker's
   * inode, are durable before use); the hidden names need not be: `take` fsyncs `runs/` and `active/` after
   * the renames, and the log's inode is made durable by the fdatasync of the first batch.
   */
  function refill(): void {
    if (filling || closed || spares.length >= SPARE_REFILL_BELOW) return;
    filling = (async () => {
      // Off the event loop (each metadata call costs up to a few hundred microseconds while the journal is
      // busy), a few spares per round so the disk's thread pool stays free for appends.
      while (spares.length < SPARE_RUN_DIRS) {
        const round: SpareRunDir[] = [];
        try {
          for (let i = 0; i < SPARE_ROUND && spares.length + round.length < SPARE_RUN_DIRS; i++) {
            const name = `${SPARE_PREFIX}${process.pid}-${PROCESS_NONCE}-${++counter}`;
            const spare: SpareRunDir = { dir: join(runsDir, name), fd: -1, lease: ownLeaseContent(), marker: join(activeDir, name) };
            round.push(spare);
            await fsp.mkdir(spare.dir);
            spare.fd = await openAsync(join(spare.dir, "events.jsonl"), constants.O_RDWR | constants.O_CREAT | constants.O_EXCL);
            await fsp.writeFile(runLockPath(spare.dir), spare.lease, { flag: "wx" });
          }
          // The markers' inodes are made durable by an fsync of each (not of `active/`, whose fsync `take`
          // waits for: sharing it would make a create wait for two); their hidden names need not be.
          await Promise.all([...round.map((spare) => syncDir(spare.dir)), ...round.map((spare) => createSynced(spare.marker))]);
          if (closed) throw new Error("closed");
          spares.push(...round);
        } catch {
          // Spares are an optimisation: the creator makes its directory itself meanwhile.
          for (const spare of round) discard(spare);
          return;
        }
      }
    })().finally(() => (filling = undefined));
  }

  function discard(spare: SpareRunDir): void {
    try {
      if (spare.fd >= 0) fs.closeSync(spare.fd);
    } catch {
      // Already closed.
    }
    fs.rmSync(spare.dir, { recursive: true, force: true });
    fs.rmSync(spare.marker, { force: true });
  }

  /** Removes spare directories left by processes that no longer run (they never held a run). */
  async function sweep(): Promise<void> {
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
   * Order: the spare's `active/` marker renamed to the run's, log bytes, the directory renamed to the run's,
   * then fdatasync of the log and fsync of `runs/` and `active/` together; the spare's own entries (log,
   * lease, marker) were durable before. A SIGKILL before the directory's rename leaves a hidden spare (removed
   * by the next process's sweep) and maybe a marker without a run (removed by `listActiveRunIds` once old);
   * after it and before the syncs complete, the run directory holds an empty or torn log, which loads as no
   * run, or the whole batch. As before, the marker got its name before the run's directory did (metadata
   * changes reach the journal in order), so a run that survives is one that recovery sees.
   */
  async function take(runId: string, bytes: Buffer): Promise<number | undefined> {
    const spare = spares.pop();
    refill();
    if (!spare) return undefined;
    const dir = join(runsDir, runId);
    try {
      fs.renameSync(spare.marker, join(activeDir, runId));
      fs.writeSync(spare.fd, bytes, 0, bytes.length, 0);
      fs.renameSync(spare.dir, dir);
    } catch {
      discard(spare);
      return undefined;
    }
    adoptLease(runLockPath(dir), spare.lease);
    try {
      await Promise.all([datasync(spare.fd), syncDir(runsDir), syncDir(activeDir)]);
    } catch (error) {
      fs.closeSync(spare.fd);
      throw error;
    }
    return spare.fd;
  }

  async function close(): Promise<void> {
    closed = true;
    await filling;
    for (const spare of spares.splice(0)) discard(spare);
  }

  return { take, close };
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
