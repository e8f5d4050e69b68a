import type { NewWorkflowEvent, WorkflowEvent } from "../events/event.ts";
import type { World } from "../world/world.ts";
import type { createLiveRuns } from "./live-runs.ts";
import { ActorClosedError } from "./run-actor.ts";

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
      return await actor.submit(events);
    } catch (error) {
      if (!(error instanceof ActorClosedError)) throw error;
    }
  }
}
