import { RUN_TAKEOVER_MS, type World } from "../world/world.ts";
import type { RunLocation } from "./live-runs.ts";

/** How often a consuming process looks for orphaned runs: several looks fit in `RUN_TAKEOVER_MS`. */
export const TAKEOVER_INTERVAL_MS = Math.min(1_000, RUN_TAKEOVER_MS / 5);

/** Options of `startOrphanTakeover`. */
export interface OrphanTakeoverOptions {
  world: World;
  /** Claims a run and rebuilds it here by replay (which re-queues its open work). */
  locate(runId: string): Promise<RunLocation>;
  /** Registers work the runtime's `close()` waits for. */
  track(pending: Promise<void>): Promise<void>;
  /** Told about a failed look or rebuild; the next look tries again. */
  onError?(error: unknown): void;
  /** Default: `TAKEOVER_INTERVAL_MS`. */
  intervalMs?: number;
}

/**
 * Takes over runs whose owner died: every `intervalMs` (an unref'd timer, one look at a time) it lists the
 * world's orphaned runs and claims and rebuilds each, so a killed process's runs go on in this one within
 * `RUN_TAKEOVER_MS`, without a restart. Returns the function that stops it.
 */
export function startOrphanTakeover(options: OrphanTakeoverOptions): () => void {
  let looking = false;
  let stopped = false;
  const onError = options.onError ?? (() => undefined);

  async function look(): Promise<void> {
    const orphaned = await options.world.owners.listOrphaned();
    await Promise.all(
      orphaned.map((runId) =>
        options.track(
          options.locate(runId).then(
            () => undefined,
            (error: unknown) => onError(error),
          ),
        ),
      ),
    );
  }

  const timer = setInterval(() => {
    if (looking || stopped) return;
    looking = true;
    look()
      .catch(onError)
      .finally(() => (looking = false));
  }, options.intervalMs ?? TAKEOVER_INTERVAL_MS);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
