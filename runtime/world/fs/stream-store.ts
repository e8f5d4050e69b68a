import fs, { constants, type FSWatcher, promises as fsp, watch as watchDir } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { join } from "node:path";
import type { StreamStore, WorldChange } from "../world.ts";
import { datasync } from "./datasync.ts";
import { isMissing, syncDir } from "./durable-file.ts";
import { withFileLock } from "./file-lock.ts";
import { toFileName, WorldInputError } from "./names.ts";

const NEWLINE = 0x0a;
/** Above this size `Buffer.from` never hands out a slice of Node's shared pool. */
const POOL_SAFE_BYTES = 8 * 1024;
/** Bytes read from a chunk log at a time: bounds a reader's memory however long the unread tail is. */
const READ_WINDOW_BYTES = 256 * 1024;
/** Bytes read at a time when looking for the end of the last complete line before a torn tail. */
const TAIL_WINDOW_BYTES = 64 * 1024;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Stream chunk logs: `streams/<name>/chunks.jsonl`, one chunk per line, `{"t":"<text>"}` when the bytes are
 * valid UTF-8 and `{"b":"<base64>"}` otherwise; the chunk index is the line number. `streams/<name>/closed`
 * marks the end. Readers in this process are woken by writers directly; readers in other processes by
 * `fs.watch` on the stream's directory.
 */
export function createStreamStore(options: { dataDir: string; emit: (change: WorldChange) => void }): StreamStore & {
  /** Stops watchers and waits for writes in progress. */
  shutdown(): Promise<void>;
} {
  const streamsDir = join(options.dataDir, "streams");
  /** Committed byte length of each stream file this process wrote, to skip re-scanning it. */
  const committed = new Map<string, number>();
  const writeChains = new Map<string, Promise<unknown>>();
  const wakers = new Map<string, Set<() => void>>();
  const watchers = new Map<string, { watcher: FSWatcher; refs: number }>();
  /** Stream directories this process's writes created or found (skips a `mkdir` per write). */
  const knownDirs = new Set<string>();

  const dirOf = (name: string) => join(streamsDir, toFileName("stream name", name));

  function notify(name: string): void {
    for (const wake of wakers.get(name) ?? []) wake();
  }

  /** Runs stream operations of one name in call order within this process. */
  function chain<T>(name: string, task: () => Promise<T>): Promise<T> {
    const result = (writeChains.get(name) ?? Promise.resolve()).then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    writeChains.set(name, tail);
    void tail.then(() => {
      if (writeChains.get(name) === tail) writeChains.delete(name);
    });
    return result;
  }

  async function ensureDir(dir: string): Promise<void> {
    if (knownDirs.has(dir)) return;
    await fsp.mkdir(dir, { recursive: true });
    if (knownDirs.size > 10_000) knownDirs.clear();
    knownDirs.add(dir);
  }

  async function write(name: string, chunks: Uint8Array[]): Promise<void> {
    const dir = dirOf(name);
    if (!Array.isArray(chunks) || chunks.some((c) => !(c instanceof Uint8Array))) {
      throw new WorldInputError(`streams.write("${name}") expects an array of Uint8Array chunks.`);
    }
    if (chunks.length === 0) return;
    let text = "";
    for (const chunk of chunks) text += `${encodeChunk(chunk)}\n`;
    const bytes = Buffer.from(text, "utf8");
    await chain(name, async () => {
      await ensureDir(dir);
      try {
        await withFileLock(join(dir, "lock"), () => append(name, dir, bytes));
      } catch (error) {
        if (!isMissing(error)) throw error;
        // The directory was removed since this process last saw it: create it again.
        knownDirs.delete(dir);
        await ensureDir(dir);
        await withFileLock(join(dir, "lock"), () => append(name, dir, bytes));
      }
    });
    notify(name);
    options.emit({ type: "stream", name });
  }

  /**
   * Appends complete lines under the stream's lock. Open, stat, write and close are synchronous (each takes
   * microseconds, less than a thread-pool round trip); only the flush to disk waits asynchronously.
   */
  async function append(name: string, dir: string, bytes: Buffer): Promise<void> {
    const fd = fs.openSync(join(dir, "chunks.jsonl"), constants.O_RDWR | constants.O_CREAT, 0o644);
    try {
      const { size } = fs.fstatSync(fd);
      const known = committed.get(name);
      const end = size === known ? size : committedEnd(fd, known ?? 0, size);
      // A line without its newline is a torn write of a crashed writer: overwrite it.
      if (end < size) fs.ftruncateSync(fd, end);
      for (let written = 0; written < bytes.length; ) written += fs.writeSync(fd, bytes, written, bytes.length - written, end + written);
      // Readers here see the chunks as soon as readers in other processes do (their watch fires on the
      // write); `write()` itself resolves only once the chunks are flushed to disk.
      notify(name);
      await datasync(fd);
      committed.set(name, end + bytes.length);
    } finally {
      fs.closeSync(fd);
    }
  }

  async function close(name: string): Promise<void> {
    const dir = dirOf(name);
    await chain(name, async () => {
      await fsp.mkdir(dir, { recursive: true });
      // The marker's existence is what counts (its content is informational, so a torn one still means
      // closed): a plain write plus a directory fsync makes it durable, after every chunk (each write
      // resolved durable before this runs).
      fs.writeFileSync(join(dir, "closed"), `${JSON.stringify({ closedAt: Date.now() })}\n`);
      await syncDir(dir);
    });
    notify(name);
    options.emit({ type: "stream", name });
  }

  function watchStream(name: string, dir: string): () => void {
    let entry = watchers.get(name);
    if (!entry) {
      // Only the chunk log and the close marker matter (not the writers' lock file or temp files).
      const watcher = watchDir(dir, (_event, fileName) => {
        const file = fileName?.toString();
        if (file === undefined || file === "chunks.jsonl" || file === "closed") notify(name);
      });
      watcher.on("error", () => undefined);
      entry = { watcher, refs: 0 };
      watchers.set(name, entry);
    }
    entry.refs++;
    const current = entry;
    return () => {
      if (--current.refs === 0) {
        current.watcher.close();
        if (watchers.get(name) === current) watchers.delete(name);
      }
    };
  }

  async function* read(name: string, readOptions: { startIndex?: number; signal?: AbortSignal } = {}): AsyncGenerator<Uint8Array> {
    const dir = dirOf(name);
    const startIndex = readOptions.startIndex ?? 0;
    if (!Number.isInteger(startIndex) || startIndex < 0) throw new WorldInputError(`Invalid stream start index ${startIndex}.`);
    const { signal } = readOptions;
    await fsp.mkdir(dir, { recursive: true });
    let signalled = false;
    let wake: (() => void) | undefined;
    const waker = () => {
      signalled = true;
      wake?.();
    };
    let set = wakers.get(name);
    if (!set) wakers.set(name, (set = new Set()));
    set.add(waker);
    const unwatch = watchStream(name, dir);
    signal?.addEventListener("abort", waker);
    let handle: FileHandle | undefined;
    let window: Buffer | undefined;
    try {
      let offset = 0;
      let index = 0;
      for (;;) {
        if (signal?.aborted) return;
        signalled = false;
        // Checked before reading: every chunk written before the marker is then in the file.
        const isClosed = await fsp.access(join(dir, "closed")).then(
          () => true,
          () => false,
        );
        handle ??= await fsp.open(join(dir, "chunks.jsonl"), "r").catch((error: unknown) => {
          if (isMissing(error)) return undefined;
          throw error;
        });
        if (handle) {
          const { size } = await handle.stat();
          // Read in windows so a long unread tail never sits in memory at once; `offset` only moves past
          // complete lines, so a torn last line is read again (rewritten by the next writer) on the next pass.
          let readPosition = offset;
          let carry: Buffer | undefined;
          while (readPosition < size) {
            // One window per reader, reused: lines are copied out of it (strings) before the next read.
            window ??= Buffer.allocUnsafe(READ_WINDOW_BYTES);
            const { bytesRead } = await handle.read(window, 0, Math.min(window.length, size - readPosition), readPosition);
            if (bytesRead === 0) break;
            readPosition += bytesRead;
            const data = carry ? Buffer.concat([carry, window.subarray(0, bytesRead)]) : window.subarray(0, bytesRead);
            let position = 0;
            for (;;) {
              const end = data.indexOf(NEWLINE, position);
              if (end === -1) break;
              const line = data.toString("utf8", position, end);
              offset += end + 1 - position;
              position = end + 1;
              if (index++ >= startIndex) yield decodeChunk(line);
              if (signal?.aborted) return;
            }
            // A line longer than the window continues in the next one.
            carry = position < data.length ? Buffer.from(data.subarray(position)) : undefined;
          }
        }
        if (isClosed) return;
        if (!signalled) await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      set.delete(waker);
      if (set.size === 0 && wakers.get(name) === set) wakers.delete(name);
      unwatch();
      signal?.removeEventListener("abort", waker);
      await handle?.close();
    }
  }

  return {
    write,
    close,
    read,
    async shutdown() {
      for (const { watcher } of watchers.values()) watcher.close();
      watchers.clear();
      await Promise.all(writeChains.values());
    },
  };
}

function encodeChunk(chunk: Uint8Array): string {
  if (isReadableText(chunk)) {
    try {
      return JSON.stringify({ t: utf8.decode(chunk) });
    } catch {
      // Not UTF-8: stored as base64 below.
    }
  }
  return JSON.stringify({ b: Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString("base64") });
}

/** The chunk codec's record tag of a step attempt's record: tag, label length, label, then the plain tag. */
const ATTEMPT_TAG = 0x03;

/**
 * True when a chunk reads well as JSON text: no control characters after the chunk codec's tags (its first
 * byte; for a step attempt's record also the attempt header and the tag behind it), which JSON would escape
 * as six characters each (a binary chunk would grow sixfold).
 */
function isReadableText(chunk: Uint8Array): boolean {
  const start = chunk[0] === ATTEMPT_TAG && chunk.length > 1 ? chunk[1] + 3 : 1;
  for (let i = start; i < chunk.length; i++) {
    const byte = chunk[i];
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false;
  }
  return true;
}

function decodeChunk(line: string): Uint8Array {
  const value = JSON.parse(line) as { t?: string; b?: string };
  const bytes = typeof value.t === "string" ? Buffer.from(value.t, "utf8") : Buffer.from(value.b ?? "", "base64");
  // Large decodes own their memory (no copy needed); small ones may share Node's buffer pool, so copy them.
  return bytes.byteLength > POOL_SAFE_BYTES ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes);
}

/**
 * Offset just after the last newline in [`from`, `size`) (`from` is a known line boundary), or `from` when
 * there is none. Reads backwards from the end in small windows: only the torn tail is read, however much
 * another writer appended.
 */
function committedEnd(fd: number, from: number, size: number): number {
  if (size <= from) return size;
  const window = Buffer.allocUnsafe(Math.min(TAIL_WINDOW_BYTES, size - from));
  let end = size;
  while (end > from) {
    const start = Math.max(from, end - window.length);
    const bytesRead = fs.readSync(fd, window, 0, end - start, start);
    const last = window.subarray(0, bytesRead).lastIndexOf(NEWLINE);
    if (last !== -1) return start + last + 1;
    end = start;
  }
  return from;
}
