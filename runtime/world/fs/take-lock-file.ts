import fs from "node:fs";
import { isMissing, isPidAlive } from "./durable-file.ts";

/** How old an empty or unreadable lock file must be before it counts as abandoned. */
const UNREADABLE_LOCK_GRACE_MS = 1000;

let staleCounter = 0;

/** Options of `takeLockFile`. */
export interface TakeLockFileOptions {
  /** Called each time a live holder is found, before waiting to try again. Default: nothing. */
  onBusy?: () => void;
}

/**
 * Creates the lock file `path` with O_EXCL holding `content` (`<pid> <nonce>[ <start time>]\n`), waiting
 * while a live process holds it and breaking it when its holder is gone: the pid is dead, is this process
 * (callers serialise their own tasks before taking the file, so a file naming our pid is a leftover), or
 * was reused by a process started at another time than the one recorded. Resolves with the number of
 * attempts that found the file taken (0 when it was free). The syscalls are synchronous: they take
 * microseconds and keep the hold time minimal.
 */
export async function takeLockFile(path: string, content: string, options: TakeLockFileOptions = {}): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = fs.openSync(path, "wx", 0o644);
      try {
        fs.writeSync(fd, content);
      } finally {
        fs.closeSync(fd);
      }
      return attempt;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const observed = readLockFile(path);
    if (observed === undefined) continue;
    if (isStale(path, observed)) {
      breakStaleLock(path, observed);
      continue;
    }
    options.onBusy?.();
    await new Promise((resolve) => setTimeout(resolve, Math.min(1 + attempt, 10)));
  }
}

/** The content of the lock file at `path`, or undefined when there is none. */
export function readLockFile(path: string): string | undefined {
  try {
    return fs.readFileSync(path, "utf8");
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** The start time of a process in clock ticks since boot (Linux `/proc`), to tell a reused pid apart. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 22; the command name (field 2) is in parentheses and may contain spaces.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

function isStale(path: string, content: string): boolean {
  const [pidText, , startTime] = content.trimEnd().split(" ");
  const pid = Number(pidText);
  if (Number.isInteger(pid) && pid > 0 && content.endsWith("\n")) {
    if (pid === process.pid) return true;
    if (!isPidAlive(pid)) return true;
    // A live pid that started at another time than the holder is a reused pid: the holder is gone.
    if (startTime !== undefined && startTime !== "-") {
      const current = processStartTime(pid);
      return current !== undefined && current !== startTime;
    }
    return false;
  }
  // Empty or torn: the holder died between creating and writing it, or is writing right now.
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
  if (readLockFile(aside) !== observed) {
    try {
      fs.linkSync(aside, path);
    } catch {
      // Someone took the lock meanwhile; the moved lock's holder and they now both hold it — unavoidable
      // without kernel locks, and only reachable when two breakers race on one dead holder.
    }
  }
  fs.rmSync(aside, { force: true });
}
