import fs from "node:fs";
import { dirname } from "node:path";
import { datasync } from "./datasync.ts";
import { isPidAlive, syncDir, tempPathFor } from "./durable-file.ts";

/** A compaction lock older than this was left by a compaction that never finished (they take seconds). */
const ABANDONED_LOCK_MS = 60_000;

/**
 * Takes the lock that lets one process at a time rewrite the run index, without waiting: undefined when
 * another live process holds it (that one compacts; this one has nothing to do). A lock left by a process
 * that is gone, or that is too old to be a running compaction, is removed and the next try takes it.
 * Returns how to release it.
 */
export function tryLockCompaction(indexPath: string): (() => void) | undefined {
  const lockPath = `${indexPath}.compacting`;
  try {
    fs.writeFileSync(lockPath, `${process.pid}\n`, { flag: "wx" });
    return () => fs.rmSync(lockPath, { force: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") return undefined;
  }
  try {
    const pid = Number.parseInt(fs.readFileSync(lockPath, "utf8"), 10);
    const age = Date.now() - fs.statSync(lockPath).mtimeMs;
    // A lock naming this process may be another index of the same store held in this process: only age breaks it.
    if (!(pid > 0) || !isPidAlive(pid) || age > ABANDONED_LOCK_MS) fs.rmSync(lockPath, { force: true });
  } catch {
    // Gone meanwhile: the next try takes it.
  }
  return undefined;
}

/**
 * Replaces the index file at `path` by `content` (one line per run) crash-safely: a temp file, fdatasync,
 * rename, fsync of the directory. `content` holds what was read of the file up to `tailFrom` (plus more);
 * what other writers appended to the old file from `tailFrom` on, until they noticed the new one, is copied
 * after it, so no line is lost (a line both copied and written again by its writer is read twice, which
 * folds to the same). `readIno` is the inode the content was read from: if the file was replaced since,
 * nothing is done and undefined returned. Resolves the new file's inode and the size of `content`.
 */
export async function replaceIndexFile(options: { path: string; content: string; readIno: number; tailFrom: number }): Promise<{ ino: number; size: number } | undefined> {
  const { path, content, readIno, tailFrom } = options;
  let old: number;
  try {
    old = fs.openSync(path, "r");
  } catch {
    return undefined;
  }
  try {
    if (fs.fstatSync(old).ino !== readIno) return undefined;
    const temp = tempPathFor(path);
    const fd = fs.openSync(temp, "wx", 0o644);
    try {
      fs.writeFileSync(fd, content);
      await datasync(fd);
      fs.renameSync(temp, path);
    } catch (error) {
      fs.rmSync(temp, { force: true });
      throw error;
    } finally {
      fs.closeSync(fd);
    }
    // After the rename: writers that append to the old file from now on see the new one when they check.
    const tailSize = fs.fstatSync(old).size - tailFrom;
    const appender = fs.openSync(path, "a");
    try {
      if (tailSize > 0) {
        const tail = Buffer.alloc(tailSize);
        const read = fs.readSync(old, tail, 0, tailSize, tailFrom);
        // Each line is written with a leading newline, so the copy cannot run into a line already there.
        fs.writeSync(appender, Buffer.concat([Buffer.from("\n"), tail.subarray(0, read), Buffer.from("\n")]));
      }
      const ino = fs.fstatSync(appender).ino;
      await syncDir(dirname(path));
      return { ino, size: Buffer.byteLength(content) };
    } finally {
      fs.closeSync(appender);
    }
  } finally {
    fs.closeSync(old);
  }
}
