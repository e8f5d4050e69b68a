import { isTerminalStatus } from "../events/terminal-events.ts";
import type { World } from "../world/world.ts";

/** How soon a summary read that failed (the store is away) is tried again. */
const RECHECK_AFTER_ERROR_MS = 1_000;

/**
 * Lets callers wait for runs to end. The engine notifies runs that end in this process; `world.watch`
 * covers runs that end in another process sharing the store.
 */
export function createRunWaiters(world: World) {
  const waiting = new Map<string, Set<() => void>>();
  let unwatch: (() => void) | undefined;

  const notify = (runId: string) => {
    const resolvers = waiting.get(runId);
    if (!resolvers) return;
    waiting.delete(runId);
    for (const resolve of resolvers) resolve();
    if (waiting.size === 0) {
      unwatch?.();
      unwatch = undefined;
    }
  };

  /** Reads the run's summary; when the store is away it looks again later, for as long as someone waits. */
  const check = (runId: string): void => {
    world.getRun(runId).then(
      (summary) => {
        if (!summary || isTerminalStatus(summary.status)) notify(runId);
      },
      () => {
        if (!waiting.has(runId)) return;
        setTimeout(() => waiting.has(runId) && check(runId), RECHECK_AFTER_ERROR_MS).unref();
      },
    );
  };

  return {
    notify,
    /** Resolves once the run has a terminal status (or does not exist). */
    wait(runId: string): Promise<void> {
      return new Promise((resolve) => {
        let resolvers = waiting.get(runId);
        if (!resolvers) waiting.set(runId, (resolvers = new Set()));
        resolvers.add(resolve);
        unwatch ??= world.watch((change) => {
          if (change.type !== "run" || !waiting.has(change.runId)) return;
          // A change that says whether the run ended spares reading its summary once per step.
          if (change.ended === true) notify(change.runId);
          else if (change.ended === undefined) check(change.runId);
        });
        check(runId);
      });
    },
  };
}
