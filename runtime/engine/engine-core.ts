import type { NewWorkflowEvent, WorkflowEvent } from "../events/event.ts";
import type { QueueMessage, World } from "../world/world.ts";
import { runMessageId } from "./correlation-id.ts";
import type { createLiveRuns } from "./live-runs.ts";
import { ActorClosedError, isStartRecorded } from "./run-actor.ts";
import type { RunExecutor } from "./run-executor.ts";

/** What the message handlers share: the world, the clock, the runs in memory and the steps running now. */
export interface EngineCore {
  world: World;
  now(): number;
  url: string;
  liveRuns: ReturnType<typeof createLiveRuns>;
  /**
   * The steps executing in this process, by correlation id: the attempt its delivery named and a promise
   * settled once that delivery is over (a later attempt's message waits for it, see `handleStepMessage`).
   */
  stepsInFlight: Map<string, { attempt: number; over: Promise<void> }>;
}

/**
 * Appends events to a run through its actor (rebuilding the run when it is not in memory) and feeds them to
 * the workflow. Resolves with the stored events; `[]` when the run is unknown or has ended. When another live
 * process owns the run, the events are appended to its log and that owner is told to pick them up.
 * `messages` are written with the events (`AppendOptions.enqueue`): queued exactly when events are stored.
 */
export async function submitToRun(core: EngineCore, runId: string, events: NewWorkflowEvent[], messages: QueueMessage[] = []): Promise<WorkflowEvent[]> {
  for (;;) {
    const { actor, owner } = await core.liveRuns.locate(runId);
    if (owner !== undefined) return appendForOwner(core, runId, owner, events, messages);
    if (!actor || actor.executor.terminal) return [];
    try {
      const stored = await actor.submit(events, messages);
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

/**
 * Appends events to the log of a run that another live process owns, with a flow message to that owner
 * (routed to it) in the same write: its actor reads the events from the log (`RunActor.sync`). Should the
 * owner die first, the message goes to whoever takes the run over, whose replay reads them too.
 */
export async function appendForOwner(core: EngineCore, runId: string, owner: string, events: NewWorkflowEvent[], messages: QueueMessage[] = []): Promise<WorkflowEvent[]> {
  const flow: QueueMessage = { kind: "flow", id: runMessageId(runId), runId, dueAt: core.now(), owner };
  return core.world.appendEvents(runId, events, { enqueue: [flow, ...messages] });
}

/**
 * Sends a delivery on to the run's owner when another live process owns the run; resolves `true` then, and
 * `false` when the delivery is this process's to handle (it owns the run, or the run is unknown or ended).
 * A run live here answers at once, without touching storage: the single-process hot path pays nothing.
 */
export function forwardToOwner(core: EngineCore, message: QueueMessage): false | Promise<boolean> {
  // A step the run's actor dispatched here belongs to a run this process owns.
  if (isStartRecorded(message) || core.liveRuns.peek(message.runId)?.closed === false) return false;
  return core.liveRuns.locate(message.runId).then(async ({ owner }) => {
    if (owner === undefined) return false;
    await core.world.queue.enqueue({ ...message, owner });
    return true;
  });
}
