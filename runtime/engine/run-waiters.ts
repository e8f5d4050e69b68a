import { isTerminalStatus } from "../events/terminal-events.ts";
import type { World } from "../world/world.ts";

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

  const check = async (runId: string) => {
    const summary = await world.getRun(runId);
    if (!summary || isTerminalStatus(summary.status)) notify(runId);
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
          else if (change.ended === undefined) void check(change.runId);
        });
        void check(runId);
      });
    },
  };
}
