import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { removeFileIfPresent } from "./durable-file.ts";
import { processStartTime, readLockFile, takeLockFile } from "./take-lock-file.ts";

/** A lease nobody touched for this long is given back, so other processes can append without waiting. */
const LEASE_IDLE_MS = 50;
/** How often (ms) a holder that keeps appending looks for `<path>.want`; the idle timer gives back the rest. */
const WANT_CHECK_MS = 1;
/** Suffix of the file a process creates next to a lease it waits for, asking the holder to give it back. */
const WANT_SUFFIX = ".want";

/**
 * One lease per lock path, shared by every world (and every copy of this module) in the process: the file
 * lease belongs to the process, and the in-process `chain` keeps two worlds on one data dir from appending
 * at the same time.
 */
interface Lease {
  /** This process holds the lease file (created by it, not yet given back). */
  held: boolean;
  /** Content written to the lease file when this process took it. */
  content: string;
  /** Tail of the in-process mutex. */
  chain: Promise<void>;
  /** Tasks waiting for or holding the mutex. */
  users: number;
  lastUse: number;
  /** When this process last looked for `<path>.want`. */
  wantChecked: number;
  timer: NodeJS.Timeout | undefined;
  /** The writer of the last task that succeeded under the lease while it stayed held (see `withLease`). */
  lastWriter: object | undefined;
}

const LEASES_KEY = Symbol.for("vite-workflow.fsRunLeases");
const leases: Map<string, Lease> = ((globalThis as Record<symbol, unknown>)[LEASES_KEY] ??= new Map()) as Map<string, Lease>;

let ownStartTime: string | undefined;

/**
 * Runs `task` while this process holds the lease at `path` and no other task of this process runs under it.
 *
 * The lease replaces a lock file created and deleted around every append (whose metadata updates the
 * append's fsync had to commit too): the file `<pid> <nonce> <start time>` is created with O_EXCL once, kept
 * while the process keeps appending, and given back (deleted) after `LEASE_IDLE_MS` without use, on
 * `releaseLeases`, or right after the current task when another process asked for it by creating
 * `<path>.want`. A process that finds the lease taken creates that file and polls. A lease whose holder is
 * dead (pid gone, or reused by a process that started at another time) is broken and taken over.
 *
 * Invariant: only the process named in the lease file writes to the guarded log, and only inside `task`;
 * the holder never loses the lease without deleting the file itself, because nobody breaks the lease of a
 * live holder.
 *
 * `task` is told whether `writer` did the last task under the lease, the lease staying held since and that
 * task succeeding: then nobody else (no other process, no other writer of this one) can have changed the
 * guarded file since, and the writer may skip looking at it.
 */
export async function withLease<T>(path: string, task: (unchanged: boolean) => Promise<T>, writer?: object): Promise<T> {
  const lease = leaseAt(path);
  const previous = lease.chain;
  let unlock!: () => void;
  lease.chain = new Promise<void>((resolve) => (unlock = resolve));
  lease.users++;
  try {
    await previous;
    if (!lease.held) {
      lease.content = await acquire(path);
      lease.held = true;
    }
    const unchanged = writer !== undefined && isLastWriter(path, writer);
    // Until the task succeeds, the file may hold what its writer does not know of (a failed write).
    lease.lastWriter = undefined;
    const result = await task(unchanged);
    lease.lastWriter = writer;
    return result;
  } finally {
    lease.users--;
    lease.lastUse = Date.now();
    if (lease.held) {
      // Another process asks for the lease: give it back now. Checked at most every WANT_CHECK_MS per lease
      // (a waiter polls anyway), so a run appending thousands of times a second pays no stat per append.
      if (lease.lastUse - lease.wantChecked >= WANT_CHECK_MS && ((lease.wantChecked = lease.lastUse), fs.existsSync(path + WANT_SUFFIX))) giveBack(path, lease);
      else armIdle(path, lease);
    }
    unlock();
  }
}

/**
 * True when `writer` did the last task under the lease at `path` that succeeded, and this process has held the
 * lease since: no other process, and no other writer of this one, can have changed the guarded file (the
 * `unchanged` that `withLease` tells its task). False while a task runs under it.
 */
export function isLastWriter(path: string, writer: object): boolean {
  const lease = leases.get(path);
  return lease !== undefined && lease.held && lease.lastWriter === writer;
}

/**
 * The content of a new lease file naming this process, for a lease file written where no other process
 * looks yet (a spare run directory): hand it to `adoptLease` once the directory is renamed into place.
 */
export function ownLeaseContent(): string {
  ownStartTime ??= processStartTime(process.pid) ?? "-";
  return `${process.pid} ${randomBytes(6).toString("hex")} ${ownStartTime}\n`;
}

/**
 * Registers the lease file at `path` (written with `ownLeaseContent()` under an earlier name of its directory)
 * as held by this process, so the next `withLease(path)` need not take it.
 */
export function adoptLease(path: string, content: string): void {
  const lease = leaseAt(path);
  if (lease.held) return;
  lease.held = true;
  lease.content = content;
  lease.lastUse = Date.now();
  if (lease.users === 0) armIdle(path, lease);
}

/** Gives back every idle lease under `prefix` (a world closing). Leases in use are given back when idle. */
export function releaseLeases(prefix: string): void {
  for (const [path, lease] of leases) {
    if (!path.startsWith(prefix) || lease.users > 0 || !lease.held) continue;
    giveBack(path, lease);
  }
}

function leaseAt(path: string): Lease {
  let lease = leases.get(path);
  if (!lease) {
    lease = { held: false, content: "", chain: Promise.resolve(), users: 0, lastUse: 0, wantChecked: 0, timer: undefined, lastWriter: undefined };
    leases.set(path, lease);
  }
  return lease;
}

function armIdle(path: string, lease: Lease): void {
  if (lease.timer) return;
  lease.timer = setTimeout(() => {
    lease.timer = undefined;
    if (!lease.held || lease.users > 0) return;
    const idle = Date.now() - lease.lastUse;
    if (idle < LEASE_IDLE_MS) armIdle(path, lease);
    else giveBack(path, lease);
  }, LEASE_IDLE_MS);
  lease.timer.unref();
}

function giveBack(path: string, lease: Lease): void {
  if (lease.timer) clearTimeout(lease.timer);
  lease.timer = undefined;
  lease.held = false;
  lease.lastWriter = undefined;
  // Delete the file only if it is still ours (it always is while this process lives; checked for safety).
  if (readLockFile(path) === lease.content) removeFileIfPresent(path);
  if (lease.users === 0) leases.delete(path);
}

async function acquire(path: string): Promise<string> {
  const content = ownLeaseContent();
  const busyAttempts = await takeLockFile(path, content, {
    // Ask the holder to give the lease back after its current append; `takeLockFile` polls meanwhile.
    onBusy: () => {
      if (!fs.existsSync(path + WANT_SUFFIX)) fs.writeFileSync(path + WANT_SUFFIX, "");
    },
  });
  if (busyAttempts > 0) fs.rmSync(path + WANT_SUFFIX, { force: true });
  return content;
}
