import type { NewWorkflowEvent, RunCreatedEvent, WorkflowEvent } from "../events/event.ts";
import { isTerminalRunEvent } from "../events/terminal-events.ts";
import type { Sandbox } from "../sandbox/create-sandbox.ts";
import type { QueueMessage, World } from "../world/world.ts";
import { stepMessageId } from "./correlation-id.ts";
import { createRunActor, type RunActor } from "./run-actor.ts";
import { createRunExecutor, type RunExecutor } from "./run-executor.ts";
import { createWorkflowContext } from "./create-workflow-context.ts";

/** Options of `createLiveRuns`. */
export interface LiveRunsOptions {
  world: World;
  now(): number;
  url: string;
  /** Most runs kept in memory; the least recently used idle one is evicted beyond it. 0 = replay every time. */
  maxLiveRuns: number;
  takeSandbox(): Promise<Sandbox>;
  isStepInFlight(correlationId: string): boolean;
  dispatch(message: QueueMessage): void;
  onTerminal(runId: string): void;
}

/**
 * Where a run executes: `actor` when this process owns it and it is live here, `owner` when another live
 * process owns it; neither for unknown runs and runs that have ended.
 */
export interface RunLocation {
  actor?: RunActor;
  owner?: string;
}

/**
 * The runs this process keeps in memory (sandbox, suspended promises, actor), bounded by an LRU. A run that
 * is not in memory is rebuilt by replaying its log; that replay also appends what a crash left unrecorded
 * and re-queues the run's open work (unfinished steps, pending sleeps), which is how recovery works.
 *
 * Only the run's owner (`world.owners`) executes it: a run is claimed before it is built or started here,
 * and a run another live process owns is not built (`locate` names its owner instead). The claim is given
 * back when the run ends or leaves memory with none of its steps running here.
 */
export function createLiveRuns(options: LiveRunsOptions) {
  const { world } = options;
  const actors = new Map<string, RunActor>();
  const building = new Map<string, Promise<RunLocation>>();
  /** Per run: steps handed to `dispatch` and not finished (survives evictions; dropped when the run ends). */
  const dispatched = new Map<string, Set<string>>();
  const dispatchedOf = (runId: string) => {
    let set = dispatched.get(runId);
    if (!set) dispatched.set(runId, (set = new Set()));
    return set;
  };

  function evictIdle(): void {
    for (const [runId, actor] of actors) {
      if (actors.size <= options.maxLiveRuns) return;
      if (actor.busy) continue;
      actor.close();
      actors.delete(runId);
      // Another process may take the run now, unless one of its steps runs here (its outcome comes back here).
      if (!hasStepsHere(runId, actor.executor)) void release(runId);
    }
  }

  function hasStepsHere(runId: string, executor: RunExecutor): boolean {
    if ((dispatched.get(runId)?.size ?? 0) > 0) return true;
    for (const correlationId of executor.steps.keys()) if (options.isStepInFlight(correlationId)) return true;
    return false;
  }

  /** Releases in progress, by run: a claim made meanwhile waits for them, or the release would drop it. */
  const releasing = new Map<string, Promise<void>>();

  /** Gives the run's claim back (the run ended or left memory); a failure only delays another owner's takeover. */
  function release(runId: string): Promise<void> {
    const pending = world.owners
      .release(runId)
      .catch(() => undefined)
      .finally(() => {
        if (releasing.get(runId) === pending) releasing.delete(runId);
      });
    releasing.set(runId, pending);
    return pending;
  }

  async function claim(runId: string): Promise<string> {
    await releasing.get(runId);
    return world.owners.claim(runId);
  }

  async function build(runId: string): Promise<RunLocation> {
    const owner = await claim(runId);
    if (owner !== world.owners.self) return { owner };
    const built = await buildOwned(runId).catch(async (error: unknown) => {
      if (!actors.has(runId)) await release(runId);
      throw error;
    });
    if (!built) await release(runId);
    return { actor: built };
  }

  async function buildOwned(runId: string): Promise<RunActor | undefined> {
    const events = await world.readEvents(runId);
    const runCreated = events?.[0];
    if (!events || runCreated?.type !== "run_created") return undefined;
    if (events.some(isTerminalRunEvent)) return undefined;
    const executor = await replay(runCreated, events);
    const actor = newActor(executor, events);
    await actor.flushAfterReplay();
    if (executor.terminal) return undefined;
    actors.set(runId, actor);
    if (events.some((event) => event.type === "run_started")) await requeueOpenWork(executor);
    else await actor.submit([{ type: "run_started" }]);
    return actor;
  }

  /** The actor of a run whose executor has been fed `events` (the log so far). */
  function newActor(executor: RunExecutor, events: WorkflowEvent[]): RunActor {
    const runId = executor.runId;
    const actor = createRunActor({
      executor,
      world,
      now: options.now,
      logLength: events.length,
      fedIds: new Set(events.map((event) => event.eventId)),
      onTerminal: (id) => {
        if (actors.get(id) === actor) actors.delete(id);
        dispatched.delete(id);
        actor.close();
        void release(id);
        options.onTerminal(id);
      },
      dispatch: options.dispatch,
      dispatched: dispatchedOf(runId),
      onIdle: () => {
        if (actors.size > options.maxLiveRuns) queueMicrotask(evictIdle);
      },
      // Rebuilt from the log right away: the rebuild appends what the log lacks and re-queues open work.
      onStale: (id) => {
        if (actors.get(id) === actor) actors.delete(id);
        void locate(id).then(({ actor: rebuilt, owner }) => {
          // The log says the run has ended (or is gone): what `onTerminal` would have done.
          if (rebuilt || owner !== undefined) return;
          dispatched.delete(id);
          options.onTerminal(id);
        }, () => undefined);
      },
    });
    return actor;
  }

  /**
   * Starts a run this process is creating, before its creation is stored: builds its actor from `run_created`
   * and returns it with the events to store along (`run_started` and the workflow's first calls, see
   * `CreateRunRequest.firstEvents`). Hand the stored events to `adopt` once the run exists.
   */
  async function prepare(runCreated: RunCreatedEvent): Promise<{ actor: RunActor; firstEvents: NewWorkflowEvent[]; messages: QueueMessage[] }> {
    // Claimed before the run is stored: from its first write on, no other process takes it for an orphan.
    const owner = await claim(runCreated.runId);
    if (owner !== world.owners.self) throw new Error(`Run "${runCreated.runId}" is being created here but owned by "${owner}".`);
    const executor = await replay(runCreated, [runCreated]);
    const actor = newActor(executor, [runCreated]);
    const { events, messages } = await actor.prepareStart(runCreated.createdAt);
    return { actor, firstEvents: events, messages };
  }

  /**
   * Makes a prepared run live once its creation is stored (`stored`: what `createRun` returned). Registered
   * before this returns, so every later lookup of the run finds this actor.
   */
  function adopt(prepared: { actor: RunActor }, stored: WorkflowEvent[]): Promise<void> {
    const { actor } = prepared;
    actors.set(actor.runId, actor);
    return actor.commitStart(stored.slice(1));
  }

  async function replay(runCreated: RunCreatedEvent, events: WorkflowEvent[]): Promise<RunExecutor> {
    const sandbox = await options.takeSandbox();
    const executor = createRunExecutor({ sandbox, runCreated, recorded: events });
    sandbox.bind({ seed: runCreated.seed, now: runCreated.createdAt, context: createWorkflowContext(executor, { url: runCreated.url ?? options.url }) });
    executor.setReplaying(true);
    try {
      for (const event of events) await executor.feed(event);
    } finally {
      executor.setReplaying(false);
    }
    return executor;
  }

  /** Queues the run's open work, routed to this process (its owner). */
  async function requeueOpenWork(executor: RunExecutor): Promise<void> {
    const runId = executor.runId;
    const owner = world.owners.self;
    const pending: Promise<void>[] = [];
    const pendingHere = dispatched.get(runId);
    for (const [correlationId, step] of executor.steps) {
      // Steps already running or waiting for a slot in this process are not queued again.
      if (step.terminal || options.isStepInFlight(correlationId) || pendingHere?.has(correlationId)) continue;
      const attempt = step.attempts + 1;
      const dueAt = step.retryAt ?? options.now();
      pending.push(world.queue.enqueue({ kind: "step", id: stepMessageId(correlationId, attempt), runId, correlationId, stepName: step.stepName, attempt, dueAt, owner }));
    }
    for (const call of executor.calls.values()) {
      if (call.kind === "wait" && call.recorded && !call.settled) {
        pending.push(world.queue.enqueue({ kind: "flow", id: call.correlationId, runId, dueAt: call.resumeAt, owner }));
      }
    }
    await Promise.all(pending);
  }

  async function locate(runId: string): Promise<RunLocation> {
    const actor = actors.get(runId);
    if (actor && !actor.closed) {
      actors.delete(runId);
      actors.set(runId, actor);
      return { actor };
    }
    if (actor) actors.delete(runId);
    let pending = building.get(runId);
    if (!pending) {
      pending = build(runId).finally(() => building.delete(runId));
      building.set(runId, pending);
    }
    return pending;
  }

  return {
    /**
     * The run's actor, rebuilt by replay when needed; undefined for unknown runs, runs that had ended before
     * and runs another live process owns. The actor may be closed by the time the caller uses it (evicted):
     * look it up again then.
     */
    get: (runId: string): Promise<RunActor | undefined> => locate(runId).then((location) => location.actor),
    /** Like `get`, and names the owner when another live process owns the run (see `RunLocation`). */
    locate,
    prepare,
    adopt,
    /** Gives back the claim `prepare` took when the run's creation failed. */
    abandon: (runId: string): Promise<void> => release(runId),
    /** The in-memory actor, without rebuilding. */
    peek: (runId: string) => actors.get(runId),
    /**
     * Drops a run another process took over: its actor and the steps dispatched here, which the new owner
     * runs (it re-queued them when it rebuilt the run from the log).
     */
    disown(runId: string) {
      actors.get(runId)?.close();
      actors.delete(runId);
      dispatched.delete(runId);
    },
    /** Drops a run from memory (it will be rebuilt by replay when next needed); this process keeps owning it. */
    evict(runId: string) {
      actors.get(runId)?.close();
      actors.delete(runId);
    },
    get size() {
      return actors.size;
    },
  };
}
