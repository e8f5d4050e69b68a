import type { NewWorkflowEvent, WorkflowEvent } from "../events/event.ts";
import { HookTokenConflictError } from "../errors/lookup-errors.ts";
import type { QueueMessage, World } from "../world/world.ts";
import { stepMessageId } from "./correlation-id.ts";
import type { RunExecutor } from "./run-executor.ts";

interface Job {
  events: NewWorkflowEvent[];
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
  /** Runs a just-queued message in this process right away instead of waiting for its delivery. */
  dispatch(message: QueueMessage): void;
  /** Called whenever the lane runs empty (the runtime may evict the actor then). */
  onIdle(runId: string): void;
}

/**
 * The single writer of one run inside this process. Every event that resumes the workflow goes through its
 * lane: appended durably first (concurrent submissions share one append), then fed to the executor in log
 * order; the calls the workflow made in reaction are appended and their queue messages sent before the next
 * batch. That keeps the log in the order the executor consumed it, which is what makes replay exact.
 */
export function createRunActor(options: RunActorOptions) {
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

  async function feedStored(stored: WorkflowEvent[]): Promise<void> {
    logLength += stored.length;
    for (const event of stored) {
      fedIds.add(event.eventId);
      await executor.feed(event);
      if (event.type === "hook_disposed") {
        const call = executor.calls.get(event.correlationId);
        if (call?.kind === "hook") await world.hooks.release(call.token, call.correlationId);
      }
    }
  }

  /** Appends the calls the workflow made (and its outcome) and queues their work. */
  async function flush(): Promise<void> {
    for (;;) {
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
      if (fresh.length === 0 && terminal.length === 0) return;
      const [stored] = await Promise.all([world.appendEvents(runId, [...fresh, ...terminal]), enqueueWork(fresh)]);
      await feedStored(stored);
      if (executor.terminal) return;
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

  async function enqueueWork(fresh: NewWorkflowEvent[]): Promise<void> {
    const messages: QueueMessage[] = [];
    for (const event of fresh) {
      if (event.type === "step_created") {
        const { correlationId, stepName } = event;
        messages.push({ kind: "step", id: stepMessageId(correlationId, 1), runId, correlationId, stepName, attempt: 1, dueAt: options.now() });
      } else if (event.type === "wait_created") {
        messages.push({ kind: "flow", id: event.correlationId, runId, dueAt: event.resumeAt });
      }
    }
    // The log already holds the work (recovery re-queues it from there), so a step may start before its
    // message is durable; the queue's own delivery of it later finds the step running or done and is acked.
    for (const message of messages) if (message.kind === "step") options.dispatch(message);
    await Promise.all(messages.map((message) => world.queue.enqueue(message)));
  }

  async function releaseHooks(): Promise<void> {
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
      while (inbox.length > 0 || syncRequests.length > 0) {
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
          const stored = await world.appendEvents(runId, jobs.flatMap((job) => job.events));
          await feedStored(stored);
          await flush();
          await checkTerminal();
          for (const job of jobs) job.resolve(stored);
        } catch (error) {
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
      return running || inbox.length > 0;
    },
    /** Appends events that resume the workflow and feeds them; resolves with the stored events. */
    submit(events: NewWorkflowEvent[]): Promise<WorkflowEvent[]> {
      if (closed || stale) throw new ActorClosedError();
      return new Promise((resolve, reject) => {
        inbox.push({ events, resolve, reject });
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

/** A run's actor was evicted between lookup and use; the caller looks the run up again. */
export class ActorClosedError extends Error {
  constructor() {
    super("run actor closed");
    this.name = "ActorClosedError";
  }
}

/** The single writer of a run in this process: see `createRunActor`. */
export type RunActor = ReturnType<typeof createRunActor>;
