import type { RunSummary, World, WorldChange } from "../world/world.ts";

/** One coalesced batch of changes: ids of what changed since the previous batch. */
export interface ChangeBatch {
  runs: string[];
  /**
   * Summaries of changed runs, read when the batch went out, so a list can show them without asking again.
   * A run of `runs` missing here (unreadable, or a batch too large to read) is for the client to fetch.
   */
  runSummaries: RunSummary[];
  streams: string[];
  hooks: string[];
}

/** Fans `world.watch` out to many listeners, batching bursts into one notice per window. */
export interface ChangeHub {
  subscribe(listener: (batch: ChangeBatch) => void): () => void;
  /** Streams seen changing, by name; lets the API list a run's streams even without engine help. */
  seenStreams(): Iterable<string>;
  close(): void;
}

/** Larger batches go out with ids only: reading that many summaries would hold the notice back. */
const MAX_SUMMARIES_PER_BATCH = 200;
/** A notice waits this long at most for its summaries (a store that does not answer); then it goes with ids only. */
const SUMMARY_WAIT_MS = 250;
/** How many announced run ids the hub remembers to tell new runs apart (forgotten ones just flush early). */
const MAX_KNOWN_RUNS = 10_000;

/**
 * Creates the hub. The world is watched from the start (so streams written before anyone opened the panel
 * are still known by name); notices go out only while someone listens. A batch goes out `windowMs` after
 * the previous one, so a burst of appends costs a notice per window. It goes out at once (after the current
 * tick, so changes made together still share it) when it is the first change after a quiet window, or when
 * it names a run no notice has named yet: a new run is on screen without waiting for the window.
 */
export function createChangeHub(world: World, options: { windowMs?: number } = {}): ChangeHub {
  const windowMs = options.windowMs ?? 15;
  const listeners = new Set<(batch: ChangeBatch) => void>();
  const streams = new Set<string>();
  let pending: { runs: Set<string>; streams: Set<string>; hooks: Set<string> } | undefined;
  let cancelFlush: (() => void) | undefined;
  let lastFlushAt = Number.NEGATIVE_INFINITY;
  /** Batches go out in order even though reading their summaries takes a moment. */
  let delivered: Promise<void> = Promise.resolve();
  let closed = false;
  const announced = new Set<string>();
  let unwatch: (() => void) | undefined = world.watch((change) => onChange(change));

  const readSummaries = async (runIds: string[]): Promise<RunSummary[]> => {
    if (runIds.length > MAX_SUMMARIES_PER_BATCH) return [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const giveUp = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), SUMMARY_WAIT_MS);
    });
    const found = await Promise.race([Promise.all(runIds.map((runId) => world.getRun(runId).catch(() => undefined))), giveUp]);
    clearTimeout(timer);
    return (found ?? []).filter((run): run is RunSummary => run !== undefined);
  };

  const flush = () => {
    cancelFlush = undefined;
    const batch = pending;
    pending = undefined;
    if (!batch) return;
    lastFlushAt = performance.now();
    const runs = [...batch.runs];
    const summaries = readSummaries(runs);
    delivered = delivered.then(async () => {
      const out: ChangeBatch = { runs, runSummaries: await summaries, streams: [...batch.streams], hooks: [...batch.hooks] };
      if (closed) return;
      for (const listener of listeners) {
        try {
          listener(out);
        } catch {
          // One failing feed must not stop the notices of the others, nor the later ones.
        }
      }
    });
  };

  function scheduleFlush(urgent: boolean): void {
    const wait = urgent ? 0 : windowMs - (performance.now() - lastFlushAt);
    if (wait <= 0) {
      const handle = setImmediate(flush);
      cancelFlush = () => clearImmediate(handle);
    } else {
      const handle = setTimeout(flush, wait);
      cancelFlush = () => clearTimeout(handle);
    }
  }

  function onChange(change: WorldChange): void {
    if (change.type === "stream" && streams.size < 10_000) streams.add(change.name);
    if (listeners.size === 0) return;
    pending ??= { runs: new Set(), streams: new Set(), hooks: new Set() };
    let isNewRun = false;
    if (change.type === "run") {
      pending.runs.add(change.runId);
      isNewRun = !announced.has(change.runId);
      if (isNewRun) {
        if (announced.size >= MAX_KNOWN_RUNS) announced.clear();
        announced.add(change.runId);
      }
    } else if (change.type === "stream") pending.streams.add(change.name);
    else pending.hooks.add(change.token);
    if (isNewRun) {
      cancelFlush?.();
      scheduleFlush(true);
    } else if (!cancelFlush) scheduleFlush(false);
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    seenStreams: () => streams,
    close() {
      closed = true;
      listeners.clear();
      unwatch?.();
      unwatch = undefined;
      cancelFlush?.();
      cancelFlush = undefined;
    },
  };
}
