import type { StreamStore } from "../world/world.ts";
import { createAttemptVisibility, type RunLogReader } from "./attempt-visibility.ts";
import { splitAttemptTag } from "./stream-chunk-codec.ts";

/** Options of `readVisibleRecords`. */
export interface ReadVisibleRecordsOptions {
  /** Position in the stored stream to start at (skipped records count too). Default: 0. */
  startIndex?: number;
  /** Stops the store read. Default: none. */
  signal?: AbortSignal;
  /**
   * The run log reader deciding which step attempts' records to skip (the World's `readEvents`).
   * Default: the one attached to `store` by `attachRunLog`; with none, every record is delivered.
   */
  readEvents?: RunLogReader;
}

const runLogs = new WeakMap<StreamStore, RunLogReader>();

/**
 * Tells readers of `store` where the runs' logs are, so they skip records of superseded step attempts.
 * The runtime attaches its World's `readEvents` to the World's `streams` once.
 * @example attachRunLog(world.streams, (runId, from) => world.readEvents(runId, from));
 */
export function attachRunLog(store: StreamStore, readEvents: RunLogReader): void {
  runLogs.set(store, readEvents);
}

/**
 * The stored records of a stream from `startIndex`, then live ones until it closes, without the records of
 * step attempts the run's log shows as superseded (see `createAttemptVisibility`). Each comes untagged (in
 * the plain record format of the chunk codec) with its position in the stored stream, which stays stable
 * (a reconnecting reader resumes at `index + 1`).
 * @example for await (const { index, record } of readVisibleRecords(world.streams, name, { readEvents: world.readEvents })) …
 */
export async function* readVisibleRecords(
  store: StreamStore,
  name: string,
  options: ReadVisibleRecordsOptions = {},
): AsyncGenerator<{ index: number; record: Uint8Array }, void, undefined> {
  const visibility = createAttemptVisibility(options.readEvents ?? runLogs.get(store));
  let index = options.startIndex ?? 0;
  const readOptions = { ...(options.startIndex === undefined ? {} : { startIndex: options.startIndex }), ...(options.signal ? { signal: options.signal } : {}) };
  for await (const stored of store.read(name, readOptions)) {
    const position = index++;
    const { tag, record } = splitAttemptTag(stored);
    if (tag && !(await visibility.isVisible(tag))) continue;
    yield { index: position, record };
  }
}
