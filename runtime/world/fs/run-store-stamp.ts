import type { NewWorkflowEvent, WorkflowEvent } from "../../events/event.ts";
import { EVENT_ID_PREFIX } from "../../events/ids.ts";
import { WorldInputError } from "./names.ts";
import type { UlidGenerator } from "./ulid.ts";

const EVENT_TYPE_RE = /^[a-z][a-z_]{0,63}$/;

/** Throws unless `events` is an array of objects with a valid event type. */
export function assertEvents(events: NewWorkflowEvent[]): void {
  if (!Array.isArray(events)) throw new WorldInputError("appendEvents expects an array of events.");
  for (const event of events) {
    if (event === null || typeof event !== "object" || !EVENT_TYPE_RE.test(String((event as { type?: unknown }).type))) {
      throw new WorldInputError(`appendEvents got an event without a valid type: ${JSON.stringify(event)?.slice(0, 200)}`);
    }
  }
}

/**
 * Gives events their run id, timestamp and event ids: `evnt_<ULID>`, each greater than `afterEventId` (the
 * run's last stored event id, or "" for none) and than the one before it.
 */
export function stampEvents(runId: string, events: readonly NewWorkflowEvent[], createdAt: number, afterEventId: string, ulid: UlidGenerator): WorkflowEvent[] {
  let last = afterEventId.slice(EVENT_ID_PREFIX.length);
  return events.map((event) => {
    last = ulid.next(createdAt, last);
    return { ...event, runId, eventId: `${EVENT_ID_PREFIX}${last}`, createdAt } as WorkflowEvent;
  });
}
