import { watch, type FSWatcher } from "chokidar";
import { existsSync, readdirSync, watch as watchDir, type FSWatcher as DirWatcher } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { WorldChange } from "../world.ts";
import { TEMP_MARKER } from "./durable-file.ts";
import { fromFileName, isRunId } from "./names.ts";

const HOOK_FILE_RE = /^[0-9a-f]{64}\.json$/;

/** Fan-out of change notices: immediate for this process, via chokidar for other processes (started lazily). */
export interface ChangeFeed {
  emit(change: WorldChange): void;
  watch(listener: (change: WorldChange) => void): () => void;
  close(): Promise<void>;
}

/**
 * Creates the change feed of a data dir; the file watchers run only while someone listens.
 *
 * Run changes of other processes are seen through plain `fs.watch` (inotify) on `active/` and on the
 * directories of active runs only (a finished run's log never changes again), without a `stat` per event:
 * `isOwnRunWrite` tells appends of this process (already announced by `emit`) apart, so the cost of an
 * append does not grow with a watcher. Hooks and streams are watched with chokidar.
 */
export function createChangeFeed(dataDir: string, options: { isOwnRunWrite?: (runId: string) => boolean } = {}): ChangeFeed {
  const listeners = new Set<(change: WorldChange) => void>();
  const tokensByHash = new Map<string, string>();
  let watcher: FSWatcher | undefined;
  let activeWatcher: DirWatcher | undefined;
  const runWatchers = new Map<string, DirWatcher>();
  const runsDir = join(dataDir, "runs");
  const activeDir = join(dataDir, "active");

  function emit(change: WorldChange): void {
    for (const listener of listeners) {
      try {
        listener(change);
      } catch {
        // A failing listener must not break the writer that reported the change.
      }
    }
  }

  async function onFile(path: string, removed: boolean): Promise<void> {
    const parts = relative(dataDir, path).split(sep);
    const [area, name, file] = parts;
    if (parts.some((p) => p.includes(TEMP_MARKER))) return;
    if (area === "streams" && parts.length === 3 && (file === "chunks.jsonl" || file === "closed")) {
      const streamName = fromFileName(name);
      if (streamName !== undefined) emit({ type: "stream", name: streamName });
    } else if (area === "hooks" && parts.length === 2 && HOOK_FILE_RE.test(name)) {
      let token = tokensByHash.get(name);
      if (!removed) {
        token = await readFile(path, "utf8").then(
          (text) => (JSON.parse(text) as { token?: string }).token,
          () => token,
        );
        if (typeof token === "string") tokensByHash.set(name, token);
      }
      if (typeof token === "string") emit({ type: "hook", token });
    }
  }

  function watchRun(runId: string): void {
    if (runWatchers.has(runId)) return;
    try {
      const runWatcher = watchDir(join(runsDir, runId), (_event, fileName) => {
        if (fileName?.toString() !== "events.jsonl") return;
        if (options.isOwnRunWrite?.(runId)) return;
        emit({ type: "run", runId });
      });
      runWatcher.on("error", () => unwatchRun(runId));
      runWatchers.set(runId, runWatcher);
    } catch {
      // The run directory does not exist yet (its `active/` marker is written first): watched on its first change.
    }
  }

  function unwatchRun(runId: string): void {
    runWatchers.get(runId)?.close();
    runWatchers.delete(runId);
  }

  function onActiveMarker(runId: string): void {
    if (!isRunId(runId)) return;
    if (existsSync(join(activeDir, runId))) {
      if (runWatchers.has(runId)) return;
      watchRun(runId);
      // A new run: announce it. Its marker is created before its log, so look again if that is not there yet.
      if (runWatchers.has(runId)) {
        if (!options.isOwnRunWrite?.(runId)) emit({ type: "run", runId });
      }
      else {
        setTimeout(() => {
          watchRun(runId);
          emit({ type: "run", runId });
        }, 50).unref();
      }
    } else {
      // The run ended (the marker goes once the terminal event is durable).
      unwatchRun(runId);
      if (!options.isOwnRunWrite?.(runId)) emit({ type: "run", runId });
    }
  }

  function startRunWatchers(): void {
    try {
      activeWatcher = watchDir(activeDir, (_event, fileName) => {
        if (fileName) onActiveMarker(fileName.toString());
      });
      activeWatcher.on("error", () => undefined);
      for (const name of readdirSync(activeDir)) if (isRunId(name)) watchRun(name);
    } catch {
      // No `active/` directory: nothing to watch.
    }
  }

  function stopRunWatchers(): void {
    activeWatcher?.close();
    activeWatcher = undefined;
    for (const runWatcher of runWatchers.values()) runWatcher.close();
    runWatchers.clear();
  }

  function startWatcher(): void {
    startRunWatchers();
    watcher = watch(
      ["hooks", "streams"].map((area) => join(dataDir, area)),
      { ignoreInitial: true, depth: 1, ignored: (path) => path.includes(TEMP_MARKER) || path.endsWith(`${sep}lock`) },
    );
    watcher.on("add", (path) => void onFile(path, false));
    watcher.on("change", (path) => void onFile(path, false));
    watcher.on("unlink", (path) => void onFile(path, true));
    watcher.on("error", () => undefined);
  }

  return {
    emit,
    watch(listener) {
      listeners.add(listener);
      if (!watcher) startWatcher();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && watcher) {
          void watcher.close();
          watcher = undefined;
          stopRunWatchers();
        }
      };
    },
    async close() {
      listeners.clear();
      await watcher?.close();
      watcher = undefined;
      stopRunWatchers();
    },
  };
}
