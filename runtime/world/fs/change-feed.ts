import { watch, type FSWatcher } from "chokidar";
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

/** Creates the change feed of a data dir; the file watcher runs only while someone listens. */
export function createChangeFeed(dataDir: string): ChangeFeed {
  const listeners = new Set<(change: WorldChange) => void>();
  const tokensByHash = new Map<string, string>();
  let watcher: FSWatcher | undefined;

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
    if (area === "runs" && parts.length === 3 && file === "events.jsonl" && isRunId(name)) {
      emit({ type: "run", runId: name });
    } else if (area === "streams" && parts.length === 3 && (file === "chunks.jsonl" || file === "closed")) {
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

  function startWatcher(): void {
    watcher = watch(
      ["runs", "hooks", "streams"].map((area) => join(dataDir, area)),
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
        }
      };
    },
    async close() {
      listeners.clear();
      await watcher?.close();
      watcher = undefined;
    },
  };
}
