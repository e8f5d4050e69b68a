import type { NewWorkflowEvent, WorkflowEvent } from "../events/event.ts";
import type { World } from "../world/world.ts";
import type { createLiveRuns } from "./live-runs.ts";
import { ActorClosedError } from "./run-actor.ts";
import type { RunExecutor } from "./run-executor.ts";

/** What the message handlers share: the world, the clock, the runs in memory and the steps running now. */
export interface EngineCore {
  world: World;
  now(): number;
  url: string;
  liveRuns: ReturnType<typeof createLiveRuns>;
  /** Correlation ids of the steps executing in this process. */
  stepsInFlight: Set<string>;
}

/**
 * Appends events to a run through its actor (rebuilding the run when it is not in memory) and feeds them to
 * the workflow. Resolves with the stored events; `[]` when the run is unknown or has ended.
 */
export async function submitToRun(core: EngineCore, runId: string, events: NewWorkflowEvent[]): Promise<WorkflowEvent[]> {
  for (;;) {
    const actor = await core.liveRuns.get(runId);
    if (!actor || actor.executor.terminal) return [];
    try {
      const stored = await actor.submit(events);
      if (actor.executor.terminal) closeRunStreams(core, actor.executor);
      return stored;
    } catch (error) {
      if (!(error instanceof ActorClosedError)) throw error;
    }
  }
}

const closedRuns = new WeakSet<RunExecutor>();

/**
 * Once a run has ended, closes the user streams it opened (`stream_opened`), so their readers finish. Runs
 * once per execution, in the background: the run's outcome does not wait for it.
 */
export function closeRunStreams(core: EngineCore, executor: RunExecutor): void {
  if (closedRuns.has(executor) || executor.streams.size === 0) return;
  closedRuns.add(executor);
  for (const name of executor.streams) void core.world.streams.close(name).catch(() => undefined);
}
