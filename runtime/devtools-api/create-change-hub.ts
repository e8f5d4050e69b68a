import type { World, WorldChange } from "../world/world.ts";

/** One coalesced batch of changes: ids of what changed since the previous batch. */
export interface ChangeBatch {
  runs: string[];
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

/**
 * Creates the hub. The world is watched from the start (so streams written before anyone opened the panel
 * are still known by name); notices go out only while someone listens. A batch is flushed `windowMs` after
 * the first change in it, so a burst of appends costs one notice and a lone change is still on screen
 * well within the panel's 100 ms budget.
 */
export function createChangeHub(world: World, options: { windowMs?: number } = {}): ChangeHub {
  const windowMs = options.windowMs ?? 15;
  const listeners = new Set<(batch: ChangeBatch) => void>();
  const streams = new Set<string>();
  let pending: { runs: Set<string>; streams: Set<string>; hooks: Set<string> } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let unwatch: (() => void) | undefined = world.watch((change) => onChange(change));

  const flush = () => {
    timer = undefined;
    const batch = pending;
    pending = undefined;
    if (!batch) return;
    const out: ChangeBatch = { runs: [...batch.runs], streams: [...batch.streams], hooks: [...batch.hooks] };
    for (const listener of listeners) listener(out);
  };

  function onChange(change: WorldChange): void {
    if (change.type === "stream" && streams.size < 10_000) streams.add(change.name);
    if (listeners.size === 0) return;
    pending ??= { runs: new Set(), streams: new Set(), hooks: new Set() };
    if (change.type === "run") pending.runs.add(change.runId);
    else if (change.type === "stream") pending.streams.add(change.name);
    else pending.hooks.add(change.token);
    timer ??= setTimeout(flush, windowMs);
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    seenStreams: () => streams,
    close() {
      listeners.clear();
      unwatch?.();
      unwatch = undefined;
      if (timer) clearTimeout(timer);
    },
  };
}
