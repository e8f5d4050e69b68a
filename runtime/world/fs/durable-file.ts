import fs, { promises as fsp } from "node:fs";
import { dirname } from "node:path";
import { datasync } from "./datasync.ts";

/*
 * Small metadata syscalls (open, write of a few KB, rename, link, unlink) run synchronously: each costs
 * microseconds, far less than a thread-pool round trip. fsync/fdatasync wait for the disk: directory fsyncs
 * run on the thread pool, file fdatasyncs are grouped per callback of the event loop (see `datasync.ts`).
 */

let tempCounter = 0;
/** Marker in temporary file names; watchers and scans skip names containing it. */
export const TEMP_MARKER = ".tmp-";

/** A temporary sibling of `path`, unique within this machine. */
export function tempPathFor(path: string): string {
  return `${path}${TEMP_MARKER}${process.pid}-${++tempCounter}`;
}

function fsync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fsync(fd, (error) => (error ? reject(error) : resolve())));
}

const dirSyncs = new Map<string, { running: Promise<void>; next?: Promise<void> }>();

/**
 * fsyncs a directory so entries created or renamed in it survive power loss. Concurrent callers share
 * work: while one fsync runs, later callers wait for a single follow-up fsync (group commit).
 */
export function syncDir(dir: string): Promise<void> {
  const state = dirSyncs.get(dir);
  if (state) {
    state.next ??= state.running.then(
      () => startDirSync(dir),
      () => startDirSync(dir),
    );
    return state.next;
  }
  return startDirSync(dir);
}

function startDirSync(dir: string): Promise<void> {
  const running = (async () => {
    const fd = fs.openSync(dir, fs.constants.O_RDONLY);
    try {
      await fsync(fd);
    } finally {
      fs.closeSync(fd);
    }
  })();
  const state: { running: Promise<void>; next?: Promise<void> } = { running };
  dirSyncs.set(dir, state);
  const done = () => {
    if (dirSyncs.get(dir) !== state) return;
    if (state.next) dirSyncs.set(dir, { running: state.next });
    else dirSyncs.delete(dir);
  };
  running.then(done, done);
  return running;
}

async function writeSynced(path: string, data: string | Uint8Array, flag: string, durable: boolean): Promise<void> {
  const fd = fs.openSync(path, flag, 0o644);
  try {
    fs.writeFileSync(fd, data);
    if (durable) await datasync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Replaces `path` atomically: temp file, fdatasync, rename, then (when `durable`) fsync of the directory. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: { durable?: boolean } = {}): Promise<void> {
  const durable = options.durable !== false;
  const temp = tempPathFor(path);
  try {
    await writeSynced(temp, data, "w", durable);
    fs.renameSync(temp, path);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  if (durable) await syncDir(dirname(path));
}

/**
 * Creates `path` with `data` only if it does not exist: the content is written to a temp file first and
 * linked into place (`link(2)` fails with EEXIST like `O_EXCL`), so no reader ever sees a half-written file.
 * Resolves `false` when the file already existed.
 */
export async function createFileExclusive(path: string, data: string): Promise<boolean> {
  const temp = tempPathFor(path);
  await writeSynced(temp, data, "wx", true);
  try {
    fs.linkSync(temp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    fs.rmSync(temp, { force: true });
  }
  await syncDir(dirname(path));
  return true;
}

/** Reads and parses a JSON file; undefined when it does not exist or is not valid JSON. */
export async function readJsonFile<T>(path: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await fsp.readFile(path, "utf8");
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** Reads `length` bytes at `position` (short when the file is shorter); large ranges off the event loop. */
export async function readRange(fd: number, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const bytesRead =
      length - done <= 256 * 1024
        ? fs.readSync(fd, buffer, done, length - done, position + done)
        : await new Promise<number>((resolve, reject) =>
            fs.read(fd, buffer, done, length - done, position + done, (error, n) => (error ? reject(error) : resolve(n))),
          );
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? buffer : buffer.subarray(0, done);
}

/** True when a process with this pid exists on this machine. */
export function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Deletes the file at `path` if it exists. One `unlink`: `fs.rmSync(path, { force: true })` does an `lstat`
 * first and goes through its recursive-removal code, a cost paid several times per run (its active/ marker,
 * its owner claim, its lease).
 */
export function removeFileIfPresent(path: string): void {
  try {
    fs.unlinkSync(path);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
}

/** True for an ENOENT error. */
export function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "ENOENT";
}
