import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { isMissing, isPidAlive } from "./durable-file.ts";

/** How old an empty or unreadable lock file must be before it counts as abandoned. */
const UNREADABLE_LOCK_GRACE_MS = 1000;

/**
 * In-process queues per lock path, shared by every copy of this module in the process (two worlds on one
 * data dir in one process must exclude each other without the file lock deadlocking on its own pid).
 */
const LOCAL_QUEUES_KEY = Symbol.for("vite-workflow.fsLockQueues");
const localQueues: Map<string, Promise<void>> = ((globalThis as Record<symbol, unknown>)[LOCAL_QUEUES_KEY] ??= new Map()) as Map<
  string,
  Promise<void>
>;

let staleCounter = 0;

/**
 * Runs `task` while holding an exclusive lock on `path` across this process and across processes sharing
 * the directory. The lock is a file created with O_EXCL holding `<pid> <nonce>`; a lock whose pid is dead
 * (or is this process, which cannot hold it unknowingly) is broken and retaken. Lock syscalls are
 * synchronous: they take microseconds and keep the hold time minimal.
 */
export async function withFileLock<T>(path: string, task: () => Promise<T>): Promise<T> {
  const previous = localQueues.get(path);
  let releaseLocal!: () => void;
  const current = new Promise<void>((resolve) => (releaseLocal = resolve));
  const tail = previous ? previous.then(() => current) : current;
  localQueues.set(path, tail);
  if (previous) await previous;
  try {
    await acquireFileLock(path);
    try {
      return await task();
    } finally {
      fs.rmSync(path, { force: true });
    }
  } finally {
    releaseLocal();
    if (localQueues.get(path) === tail) localQueues.delete(path);
  }
}

async function acquireFileLock(path: string): Promise<void> {
  const content = `${process.pid} ${randomBytes(6).toString("hex")}\n`;
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = fs.openSync(path, "wx", 0o644);
      try {
        fs.writeSync(fd, content);
      } finally {
        fs.closeSync(fd);
      }
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const observed = readLock(path);
    if (observed === undefined) continue;
    if (isStale(path, observed)) {
      breakStaleLock(path, observed);
      continue;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(1 + attempt, 10)));
  }
}

function readLock(path: string): string | undefined {
  try {
    return fs.readFileSync(path, "utf8");
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

function isStale(path: string, content: string): boolean {
  const pid = Number(content.split(" ")[0]);
  if (Number.isInteger(pid) && pid > 0 && content.endsWith("\n")) {
    // This process waits for its own holders in `localQueues`, so a lock file naming our pid is a leftover.
    return pid === process.pid || !isPidAlive(pid);
  }
  try {
    return Date.now() - fs.statSync(path).mtimeMs > UNREADABLE_LOCK_GRACE_MS;
  } catch {
    return false;
  }
}

/** Moves the stale lock aside atomically; if what was moved is not what we judged stale, puts it back. */
function breakStaleLock(path: string, observed: string): void {
  const aside = `${path}.stale-${process.pid}-${++staleCounter}`;
  try {
    fs.renameSync(path, aside);
  } catch (error) {
    if (isMissing(error)) return;
    throw error;
  }
  if (readLock(aside) !== observed) {
    try {
      fs.linkSync(aside, path);
    } catch {
      // Someone took the lock meanwhile; the moved lock's holder and they now both hold it — unavoidable
      // without kernel locks, and only reachable when a lock is broken while another breaker races.
    }
  }
  fs.rmSync(aside, { force: true });
}
