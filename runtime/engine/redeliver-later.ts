import type { DebugLogger } from "../debug/create-debug.ts";
import type { QueueMessage, World } from "../world/world.ts";
import { runMessageId, stepMessageId } from "./correlation-id.ts";
import { isStartRecorded } from "./run-actor.ts";

/** First delay before work that failed in-process runs again; doubled on each further failure. */
export const REDELIVERY_BASE_MS = 250;
/** Longest delay between two tries. */
export const REDELIVERY_MAX_MS = 30_000;

/** The delay before try `failures + 1`: 250 ms, 500 ms, 1 s, ... up to 30 s. */
export function backoffMs(failures: number): number {
  return Math.min(REDELIVERY_BASE_MS * 2 ** Math.max(0, failures - 1), REDELIVERY_MAX_MS);
}

/** Options of `createRedeliverLater`. */
export interface RedeliverLaterOptions {
  world: World;
  now(): number;
  debug: DebugLogger;
  /** Timers the runtime clears on close. */
  timers: Set<NodeJS.Timeout>;
}

/**
 * Hands work that failed outside the queue (a step the run's actor dispatched in this process, an in-process
 * timer) to the durable queue, due after a backoff, so it runs again without a restart and the queue's own
 * backoff takes over from there. When the queue cannot take it either (the store is down), tries again after a
 * growing delay; if the process stops first, recovery re-derives the work from the log.
 */
export function createRedeliverLater(options: RedeliverLaterOptions) {
  const { world, debug, timers } = options;

  function later(message: QueueMessage, failures: number): QueueMessage {
    const dueAt = options.now() + backoffMs(failures);
    if (message.kind === "flow") return { kind: "flow", id: runMessageId(message.runId), runId: message.runId, dueAt };
    const { runId, correlationId, stepName } = message;
    // A started attempt that failed to record its outcome counts: the queue runs the next one.
    const attempt = isStartRecorded(message) ? message.attempt + 1 : message.attempt;
    return { kind: "step", id: stepMessageId(correlationId, attempt), runId, correlationId, stepName, attempt, dueAt };
  }

  return function redeliverLater(message: QueueMessage, error: unknown, failures = 1): void {
    const next = later(message, failures);
    debug("%s %s failed in-process, queued again for %d: %O", message.kind, message.id, next.dueAt, error);
    world.queue.enqueue(next).catch((enqueueError: unknown) => {
      const delay = backoffMs(failures + 1);
      debug("could not queue %s again, retrying in %d ms: %O", next.id, delay, enqueueError);
      const timer = setTimeout(() => {
        timers.delete(timer);
        redeliverLater(message, error, failures + 1);
      }, delay);
      timer.unref();
      timers.add(timer);
    });
  };
}
