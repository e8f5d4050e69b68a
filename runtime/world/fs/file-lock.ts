import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { takeLockFile } from "./take-lock-file.ts";

/**
 * In-process queues per lock path, shared by every copy of this module in the process (two worlds on one
 * data dir in one process must exclude each other without the file lock deadlocking on its own pid).
 */
const LOCAL_QUEUES_KEY = Symbol.for("vite-workflow.fsLockQueues");
const localQueues: Map<string, Promise<void>> = ((globalThis as Record<symbol, unknown>)[LOCAL_QUEUES_KEY] ??= new Map()) as Map<
  string,
  Promise<void>
>;

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
    await takeLockFile(path, `${process.pid} ${randomBytes(6).toString("hex")}\n`);
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
