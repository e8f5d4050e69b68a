import type { NewWorkflowEvent } from "../events/event.ts";
import type { AppendOptions, QueueMessage } from "../world/world.ts";

/**
 * The queue messages of the sleeps among `events` (`wait_created`): due at their `resumeAt`, routed to
 * `owner`, the run's owner (if it has died by then, the process that took the run over gets them). They are
 * written with the append of their `wait_created`.
 */
export function sleepMessages(runId: string, owner: string, events: NewWorkflowEvent[]): QueueMessage[] {
  const messages: QueueMessage[] = [];
  for (const event of events) {
    if (event.type === "wait_created") messages.push({ kind: "flow", id: event.correlationId, runId, dueAt: event.resumeAt, owner });
  }
  return messages;
}

/**
 * `options` with `enqueue` set when there are messages; an append without messages gets the options it had
 * before (none at all when empty), so the hot path writes exactly as it did.
 */
export function withMessages(options: AppendOptions, messages: QueueMessage[]): AppendOptions | undefined {
  if (messages.length > 0) return { ...options, enqueue: messages };
  return options.createdAt === undefined && options.exact === undefined ? undefined : options;
}
