import type { NewWorkflowEvent, WorkflowEvent } from "../events/event.ts";
import { HookTokenConflictError } from "../errors/lookup-errors.ts";
import { isSettlingEvent } from "../events/settling-events.ts";
import type { QueueMessage, World } from "../world/world.ts";
import { stepMessageId } from "./correlation-id.ts";
import type { RunExecutor } from "./run-executor.ts";
import { sleepMessages, withMessages } from "./actor-messages.ts";

interface Job {
  events: NewWorkflowEvent[];
  /** Queue messages to write with the events (see `RunActor.submit`). */
  messages: QueueMessage[];
  resolve(stored: WorkflowEvent[]): void;
  reject(error: unknown): void;
}

/** Options of `createRunActor`. */
export interface RunActorOptions {
  executor: RunExecutor;
  world: World;
  now(): number;
  /** Number of events already in the log (and fed to the executor). */
  logLength: number;
  /** Ids of the events already fed, to notice when another process appended in between. */
  fedIds: Set<string>;
  /** Called once the run's terminal event is in the log. */
  onTerminal(runId: string): void;
  /** Runs a step in this process right away (see `flush` for why it needs no queue message). */
  dispatch(message: QueueMessage): void;
  /**
   * Correlation ids of this run's steps handed to `dispatch` and not finished yet; kept by the caller across
   * rebuilds of the actor so a rebuild does not queue them a second time.
   */
  dispatched: Set<string>;
  /** Called whenever the lane runs empty (the runtime may evict the actor then). */
  onIdle(runId: string): void;
  /** Called when the actor's state got ahead of the log (see `appendWithReaction`): rebuild the run by replay. */
  onStale(runId: string): void;
}

/** The single writer of one run inside this process (see `createRunActor`). */
export interface RunActor {
  readonly runId: string;
  readonly executor: RunExecutor;
  /** True once closed, or once its state got ahead of the log (it must be rebuilt). */
  readonly closed: boolean;
  /** True while it has work queued or in progress. */
  readonly busy: boolean;
  /**
   * Appends events that resume the workflow and feeds them; resolves with the stored events. `messages` are
   * written with them (`AppendOptions.enqueue`): queued only if the append stores events.
   */
  submit(events: NewWorkflowEvent[], messages?: QueueMessage[]): Promise<WorkflowEvent[]>;
  /**
   * For a run being created (only `run_created` fed, not stored yet): starts the workflow as `run_started`
   * at `createdAt` would, and returns the events to store with `run_created` and the queue messages to write
   * with them (its sleeps'). Follow with `commitStart`.
   */
  prepareStart(createdAt: number): Promise<{ events: NewWorkflowEvent[]; messages: QueueMessage[] }>;
  /** Takes the stored events of the creation `prepareStart` fed (after `run_created`) and runs the steps. */
  commitStart(stored: WorkflowEvent[]): Promise<void>;
  /** Appends the calls made while the log was replayed (creation events not recorded yet). */
  flushAfterReplay(): Promise<void>;
  /** Feeds events other processes appended (a hook payload, a cancellation). False when the order is lost. */
  sync(): Promise<boolean>;
  /** Resolves once nothing is queued or running. */
  whenIdle(): Promise<void>;
  /** Stops accepting submissions. */
  close(): void;
}

/**
 * The single writer of one run inside this process. Every event that resumes the workflow goes through its
 * lane: appended durably first (concurrent submissions share one append), then fed to the executor in log
 * order; the calls the workflow made in reaction are appended and their queue messages sent before the next
 * batch. That keeps the log in the order the executor consumed it, which is what makes replay exact.
 */
export function createRunActor(options: RunActorOptions): RunActor {
  const { executor, world } = options;
  const runId = executor.runId;
  let inbox: Job[] = [];
  let running = false;
  let closed = false;
  let stale = false;
  let logLength = options.logLength;
  const fedIds = options.fedIds;
  let idleWaiters: Array<() => void> = [];
  let syncRequests: Array<{ resolve(ok: boolean): void; reject(error: unknown): void }> = [];
  /** The outcome of the run's creation, when `prepareStart` computed its first events (see `commitStart`). */
  let creation:
    | { inputs: NewWorkflowEvent[]; batch: NewWorkflowEvent[]; stored: WorkflowEvent[]; createdAt: number; resolve(): void; reject(error: unknown): void }
    | undefined;
  let started: { inputs: NewWorkflowEvent[]; batch: NewWorkflowEvent[]; createdAt: number } | undefined;

  async function feedStored(stored: WorkflowEvent[]): Promise<void> {
    logLength += stored.length;
    for (const event of stored) {
      fedIds.add(event.eventId);
      const finished = finishedStep(event);
      if (finished !== undefined) options.dispatched.delete(finished);
      await executor.feed(event);
      if (event.type === "hook_disposed") {
        const call = executor.calls.get(event.correlationId);
        if (call?.kind === "hook") await world.hooks.release(call.token, call.correlationId);
      }
    }
  }

  /**
   * The events recording what the workflow did since the last append: the calls it made (a step this process
   * runs right away is recorded as started in the same append as its creation, one write and fdatasync
   * instead of two, unless the run ends in this append) and its outcome. Claims new hook tokens first.
   */
  async function takeReaction(): Promise<NewWorkflowEvent[]> {
    let fresh = executor.takeNewEvents();
    for (const event of fresh) {
      if (event.type !== "hook_created") continue;
      const claimed = await world.hooks.claim({ token: event.token, runId, hookId: event.correlationId, kind: event.kind, metadata: event.metadata, createdAt: options.now() });
      if (!claimed) {
        executor.abort(new HookTokenConflictError(event.token));
        fresh = [];
        break;
      }
    }
    const outcome = executor.outcome;
    const terminal: NewWorkflowEvent[] = [];
    if (outcome && !executor.terminal) {
      terminal.push(outcome.type === "completed" ? { type: "run_completed", output: outcome.output } : { type: "run_failed", error: outcome.error });
    }
    const batch: NewWorkflowEvent[] = [];
    for (const event of fresh) {
      batch.push(event);
      if (event.type === "step_created" && terminal.length === 0) batch.push({ type: "step_started", correlationId: event.correlationId, attempt: 1 });
    }
    batch.push(...terminal);
    return batch;
  }

  /** Appends the calls the workflow made (and its outcome) and queues their work. */
  async function flush(): Promise<void> {
    for (;;) {
      const batch = await takeReaction();
      if (batch.length === 0) return;
      const stored = await world.appendEvents(runId, batch, withMessages({}, waitMessages(batch)));
      await feedStored(stored);
      dispatchStarted(stored);
      if (executor.terminal) return;
    }
  }

  /**
   * Appends events that resume the workflow together with the workflow's reaction to them, in one append.
   *
   * The events are fed to the workflow first, with the timestamp they will be stored with, and what the
   * workflow does in reaction (new calls, its outcome) goes into the same append, which the world stores
   * whole or not at all (`exact`). Nothing the reaction produces leaves this process before that append is
   * durable: steps are dispatched, hook tokens released and waiters told only afterwards (hook tokens are
   * claimed before, as on the other path; sleep messages and the caller's `messages` are written with the
   * append, so they exist exactly when its events do). Workflow code is deterministic and has no other
   * effects, so computing its reaction early is invisible: a crash before the append is durable leaves the
   * log as if the events had never been submitted, and replay of the stored batch repeats exactly what the
   * workflow did here (same events, same `createdAt`, so the same `Date.now()`). One fdatasync per resume
   * instead of two.
   *
   * If the world does not store the batch as given (another process appended in between: a duplicate
   * outcome, the run's end), this actor's state is ahead of the log: it turns stale, the events are
   * appended on their own as before, and the run is rebuilt by replay from the log.
   */
  async function appendWithReaction(events: NewWorkflowEvent[], messages: QueueMessage[]): Promise<WorkflowEvent[]> {
    const createdAt = options.now();
    const { inputs, reaction } = await speculate(events, createdAt);
    if (inputs.length === 0) return [];
    const batch = reaction.length === 0 ? inputs : [...inputs, ...reaction];
    const waits = waitMessages(reaction);
    const stored = await world.appendEvents(runId, batch, withMessages({ createdAt, exact: true }, waits.length === 0 ? messages : [...messages, ...waits]));
    return settleSpeculation(inputs, batch, stored, createdAt, messages);
  }

  /** Feeds `events` stamped `createdAt` and collects the workflow's reaction (nothing is appended). */
  async function speculate(events: NewWorkflowEvent[], createdAt: number): Promise<{ inputs: NewWorkflowEvent[]; reaction: NewWorkflowEvent[] }> {
    const inputs: NewWorkflowEvent[] = [];
    for (const event of events) {
      // Events the world would drop (the run has ended; the call already has its outcome) are not fed.
      if (executor.terminal || isSettled(event)) continue;
      inputs.push(event);
      await executor.feed({ ...event, runId, eventId: "", createdAt } as WorkflowEvent);
    }
    return { inputs, reaction: inputs.length === 0 ? [] : await takeReaction() };
  }

  /**
   * Completes `speculate` once `batch` (inputs, then reaction) was handed to the world and `stored` came back.
   * `messages` were given with the batch; when the world stored none of it, they go with the inputs' append.
   */
  async function settleSpeculation(inputs: NewWorkflowEvent[], batch: NewWorkflowEvent[], stored: WorkflowEvent[], createdAt: number, messages: QueueMessage[]): Promise<WorkflowEvent[]> {
    if (stored.length !== batch.length || stored.some((event) => event.createdAt !== createdAt)) {
      stale = true;
      const fallback = stored.length > 0 ? stored.slice(0, inputs.length) : await world.appendEvents(runId, inputs, withMessages({}, messages));
      options.onStale(runId);
      return fallback;
    }
    const storedInputs = stored.slice(0, inputs.length);
    logLength += storedInputs.length;
    for (const event of storedInputs) {
      fedIds.add(event.eventId);
      const finished = finishedStep(event);
      if (finished !== undefined) options.dispatched.delete(finished);
    }
    const storedReaction = stored.slice(inputs.length);
    await feedStored(storedReaction);
    dispatchStarted(storedReaction);
    if (!executor.terminal) await flush();
    return storedInputs;
  }

  /** True for an outcome event of a call that already has one (the world drops such duplicates). */
  function isSettled(event: NewWorkflowEvent): boolean {
    if (!isSettlingEvent(event) || event.type === "hook_disposed") return false;
    const call = executor.calls.get(event.correlationId);
    return call !== undefined && call.kind !== "hook" && call.settled;
  }

  /**
   * Runs the steps just recorded as created and started, in this process, without a queue message.
   *
   * Invariant this relies on (recovery re-derives the work from the log, so no queue file is needed): every
   * step that has `step_created` and no terminal event (`step_completed`, fatal `step_failed`) is re-queued
   * when its run is rebuilt by replay, which `recover()` does for every run in `listActiveRunIds()` when a
   * consuming runtime starts (`createLiveRuns` → `requeueOpenWork`); a `step_retrying` re-queues it at its
   * `retryAt`, a `wait_created` without `wait_completed` at its `resumeAt`. So a crash at any point loses
   * no step: either its creation is not durable (replay makes the call again) or recovery finds it open.
   */
  function dispatchStarted(stored: WorkflowEvent[]): void {
    for (let i = 1; i < stored.length; i++) {
      const event = stored[i];
      const created = stored[i - 1];
      if (event.type !== "step_started" || created.type !== "step_created" || created.correlationId !== event.correlationId) continue;
      const { correlationId, stepName } = created;
      options.dispatched.add(correlationId);
      const message: StartedStepMessage = { kind: "step", id: stepMessageId(correlationId, 1), runId, correlationId, stepName, attempt: 1, dueAt: options.now(), startRecorded: true };
      options.dispatch(message);
    }
  }

  let terminalNotified = false;
  /** Once the run has ended: frees its hook tokens and tells the runtime (waiters, eviction). */
  async function checkTerminal(): Promise<void> {
    if (!executor.terminal || terminalNotified) return;
    terminalNotified = true;
    await releaseHooks();
    options.onTerminal(runId);
  }

  /** The queue messages of the sleeps among `fresh` (see `sleepMessages`), routed to this process. */
  const waitMessages = (fresh: NewWorkflowEvent[]) => sleepMessages(runId, world.owners.self, fresh);

  async function releaseHooks(): Promise<void> {
    // Replay rebuilds every call the log holds, so a run whose code never made a hook call has no token to
    // free, and most runs skip the index lookup.
    if (!hasHookCall(executor)) return;
    const hooks = await world.hooks.listByRun(runId);
    await Promise.all(hooks.map((hook) => world.hooks.release(hook.token, hook.hookId)));
  }

  async function syncFromLog(): Promise<boolean> {
    const events = (await world.readEvents(runId, logLength)) ?? [];
    if (events.some((event) => fedIds.has(event.eventId))) {
      // Another process appended between our appends: the log order differs from what we fed. Rebuild.
      stale = true;
      return false;
    }
    await feedStored(events);
    await flush();
    await checkTerminal();
    return true;
  }

  async function loop(): Promise<void> {
    running = true;
    try {
      while (inbox.length > 0 || syncRequests.length > 0 || creation) {
        if (creation) {
          const { inputs, batch, stored, createdAt, resolve, reject } = creation;
          creation = undefined;
          await settleSpeculation(inputs, batch, stored, createdAt, [])
            .then(() => checkTerminal())
            .then(resolve, reject);
          continue;
        }
        if (syncRequests.length > 0) {
          const requests = syncRequests;
          syncRequests = [];
          await syncFromLog().then(
            (ok) => requests.forEach((request) => request.resolve(ok)),
            (error) => requests.forEach((request) => request.reject(error)),
          );
          continue;
        }
        const jobs = inbox;
        inbox = [];
        try {
          const stored = await appendWithReaction(
            jobs.flatMap((job) => job.events),
            jobs.flatMap((job) => job.messages),
          );
          await checkTerminal();
          for (const job of jobs) job.resolve(stored);
        } catch (error) {
          // The workflow may have been fed events that were not stored: rebuild the run from its log next time.
          stale = true;
          for (const job of jobs) job.reject(error);
        }
      }
    } finally {
      running = false;
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
      options.onIdle(runId);
    }
  }

  return {
    runId,
    executor,
    get closed() {
      return closed || stale;
    },
    get busy() {
      return running || inbox.length > 0 || creation !== undefined;
    },
    /** Appends events that resume the workflow and feeds them; resolves with the stored events. */
    submit(events: NewWorkflowEvent[], messages: QueueMessage[] = []): Promise<WorkflowEvent[]> {
      if (closed || stale) throw new ActorClosedError();
      return new Promise((resolve, reject) => {
        inbox.push({ events, messages, resolve, reject });
        if (!running) void loop();
      });
    },
    /**
     * For a run being created (only `run_created` fed, not stored yet): starts the workflow as `run_started`
     * at `createdAt` would, and returns the events to store with `run_created` (`run_started` and the
     * workflow's first calls), the same speculation as `submit` makes, and the messages of its sleeps.
     * Follow with `commitStart`.
     */
    async prepareStart(createdAt: number): Promise<{ events: NewWorkflowEvent[]; messages: QueueMessage[] }> {
      const { inputs, reaction } = await speculate([{ type: "run_started" }], createdAt);
      const batch = [...inputs, ...reaction];
      started = { inputs, batch, createdAt };
      return { events: batch, messages: waitMessages(reaction) };
    },
    /** Takes the stored events of the creation `prepareStart` fed (after `run_created`) and runs the steps. */
    commitStart(stored: WorkflowEvent[]): Promise<void> {
      const prepared = started;
      started = undefined;
      if (!prepared) return Promise.reject(new Error("commitStart without prepareStart"));
      return new Promise((resolve, reject) => {
        creation = { ...prepared, stored, resolve, reject };
        if (!running) void loop();
      });
    },
    /** Appends the calls made while the log was replayed (creation events not recorded yet). */
    async flushAfterReplay(): Promise<void> {
      await flush();
      await checkTerminal();
    },
    /** Feeds events other processes appended (a hook payload, a cancellation). False when the order is lost. */
    sync(): Promise<boolean> {
      if (closed || stale) return Promise.resolve(false);
      return new Promise((resolve, reject) => {
        syncRequests.push({ resolve, reject });
        if (!running) void loop();
      });
    },
    whenIdle(): Promise<void> {
      if (!running && inbox.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    close() {
      closed = true;
    },
  };
}

/**
 * The step an event finishes in this process, or hands to the durable queue for its retry: it is no longer
 * this process's pending work.
 */
function finishedStep(event: WorkflowEvent | NewWorkflowEvent): string | undefined {
  if (event.type === "step_completed" || event.type === "step_retrying" || (event.type === "step_failed" && event.fatal)) return event.correlationId;
  return undefined;
}

/** A step message for an attempt whose `step_started` the actor already recorded (with the step's creation). */
export type StartedStepMessage = Extract<QueueMessage, { kind: "step" }> & { startRecorded: true };

/** True when `message` comes from the actor with its attempt's `step_started` already in the log. */
export function isStartRecorded(message: QueueMessage): message is StartedStepMessage {
  return (message as Partial<StartedStepMessage>).startRecorded === true;
}

/** True when the workflow made a hook or webhook call (claimed, recorded or only attempted). */
function hasHookCall(executor: RunExecutor): boolean {
  for (const call of executor.calls.values()) if (call.kind === "hook") return true;
  return false;
}

/** A run's actor was evicted between lookup and use; the caller looks the run up again. */
export class ActorClosedError extends Error {
  constructor() {
    super("run actor closed");
    this.name = "ActorClosedError";
  }
}
