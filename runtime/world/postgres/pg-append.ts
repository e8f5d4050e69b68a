import type { NewWorkflowEvent, WorkflowEvent } from "../../events/event.ts";
import { EVENT_ID_PREFIX } from "../../events/ids.ts";
import { isSettlingEvent, SETTLED_KIND_OF, settlingKey } from "../../events/settling-events.ts";
import { isTerminalRunEvent, terminalStatusOf } from "../../events/terminal-events.ts";
import { WorldInputError } from "../fs/world-errors.ts";
import type { UlidGenerator } from "../fs/ulid.ts";
import type { AppendOptions, QueueMessage } from "../world.ts";
import { retryOnDisconnect } from "./connect.ts";
import type { PgContext } from "./pg-context.ts";
import { createCommitGroup } from "./pg-commit-group.ts";
import type { PgEndedRuns } from "./pg-ended-runs.ts";
import { enqueueMessagesValues } from "./pg-queue.ts";

const EVENT_TYPE_RE = /^[a-z][a-z_]{0,63}$/;
/** Last event id per run this instance appended, so the next ids it picks are already in order. */
const MAX_CACHED_RUNS = 10_000;

/** One call's events ready for `append_events`: ids and timestamps assigned, the log rules' inputs computed. */
export interface PreparedBatch {
  stored: WorkflowEvent[];
  /** Settlement key of each event, or null (the rule of `settlingKey`). */
  keys: Array<string | null>;
  /** The run status each event sets: a terminal status, `running` for `run_started`, else null. */
  statuses: Array<string | null>;
  /** The hook each event disposes (its token is released with the event), else null. */
  hooks: Array<string | null>;
  /** The hook each event creates (`hook_created`: recorded as such with the event), else null. */
  created: Array<string | null>;
}

/** Assigns ids after `after` and the timestamp `createdAt`, and computes the inputs of the log rules. */
export function prepareBatch(ulid: UlidGenerator, runId: string, events: NewWorkflowEvent[], createdAt: number, after: string | undefined): PreparedBatch {
  let last = after?.slice(EVENT_ID_PREFIX.length);
  const stored = events.map((event) => {
    last = ulid.next(createdAt, last);
    return { ...event, runId, eventId: `${EVENT_ID_PREFIX}${last}`, createdAt } as WorkflowEvent;
  });
  return {
    stored,
    keys: events.map((event) => settlingKey(event as { type: string; correlationId?: string; fatal?: boolean }) ?? null),
    statuses: events.map((event) => terminalStatusOf(event.type) ?? (event.type === "run_started" ? "running" : null)),
    hooks: events.map((event) => (isSettlingEvent(event) && SETTLED_KIND_OF[event.type] === "hook" ? event.correlationId : null)),
    created: events.map((event) => (event.type === "hook_created" ? event.correlationId : null)),
  };
}

/** The values of `append_events`' batch parameters (ids, settlement keys, statuses, disposed hooks, bodies). */
export function batchValues(batch: PreparedBatch): [string[], Array<string | null>, Array<string | null>, Array<string | null>, string[]] {
  return [batch.stored.map((e) => e.eventId), batch.keys, batch.statuses, batch.hooks, batch.stored.map((e) => JSON.stringify(e))];
}

/** The value of `append_events`' last parameter, the hooks the events create: null when they create none. */
export function createdHooksValue(batch: PreparedBatch): Array<string | null> | null {
  return batch.created.some((hookId) => hookId !== null) ? batch.created : null;
}

/** The append half of the run store: one call of the `append_events` function per `appendEvents`. */
export interface PgAppender {
  append(runId: string, events: NewWorkflowEvent[], options: AppendOptions | undefined): Promise<WorkflowEvent[]>;
  /** Records the run's newest event id (after `createRun`). */
  remember(runId: string, lastEventId: string): void;
}

/**
 * Creates the appender. Each call is one `append_events` call: it locks the run's row, drops what the log
 * rules drop, inserts the rest, updates the summary and releases ended hooks, all in one transaction (shared
 * with the appends of other runs made at the same time, see `createCommitGroup`); the
 * change notice follows the commit. Messages given with the call (`AppendOptions.enqueue`) become jobs in the
 * same statement, only when it stored an event, so they commit with the events or not at all.
 * A connection lost mid-call is retried; the retry first looks for the call's event ids, so a
 * commit whose answer was lost is reported, never stored twice (nor its jobs added twice).
 * `onQueued` hears of the messages of each committed call (to wake this instance's workers when they are due).
 * The events of a call that ended its run are remembered in `endedRuns`, with their place in the log.
 */
export function createPgAppender(ctx: PgContext, onQueued: (messages: QueueMessage[]) => void, endedRuns: PgEndedRuns): PgAppender {
  const { s } = ctx.names;
  const lastIds = new Map<string, string>();
  const commit = createCommitGroup(ctx);
  const findSql = `select body from ${s}.events where run_id = $1 and event_id = any($2::text[]) order by seq`;

  function remember(runId: string, lastEventId: string): void {
    if (lastIds.size >= MAX_CACHED_RUNS && !lastIds.has(runId)) lastIds.clear();
    lastIds.set(runId, lastEventId);
  }

  async function append(runId: string, events: NewWorkflowEvent[], options: AppendOptions | undefined): Promise<WorkflowEvent[]> {
    assertEvents(events);
    if (options?.createdAt !== undefined && !(Number.isSafeInteger(options.createdAt) && options.createdAt >= 0)) {
      throw new WorldInputError(`appendEvents: invalid createdAt ${JSON.stringify(options.createdAt)}.`);
    }
    const messages = options?.enqueue !== undefined && options.enqueue.length > 0 ? options.enqueue : undefined;
    const queueValues = messages ? enqueueMessagesValues(ctx, messages) : [];
    if (events.length === 0) return [];
    const createdAt = options?.createdAt ?? Date.now();
    let batch = prepareBatch(ctx.ulid, runId, events, createdAt, lastIds.get(runId));
    const result = await retryOnDisconnect(async (attempt) => {
      if (attempt > 0) {
        // The previous attempt may have committed before its connection died: if so, report what it stored.
        const found = await ctx.pool.query<{ body: string }>({ name: `${s}.find-events`, text: findSql, values: [runId, batch.stored.map((e) => e.eventId)] });
        if (found.rows.length > 0) return found.rows.map((row) => JSON.parse(row.body) as WorkflowEvent);
      }
      for (;;) {
        const { outcome, kept, last_event_id: lastEventId, stored_count: count } = await commit({ runId, batch, createdAt, exact: options?.exact === true, queueValues: messages ? queueValues : undefined });
        if (outcome === "missing") throw new WorldInputError(`Cannot append to run "${runId}": it does not exist.`);
        if (outcome === "stale") {
          // Another instance appended with later ids since this one last did: pick ids after them.
          batch = prepareBatch(ctx.ulid, runId, events, createdAt, lastEventId ?? undefined);
          continue;
        }
        if (lastEventId) remember(runId, lastEventId);
        const stored = (kept ?? []).map((index) => batch.stored[index - 1]);
        if (count !== null && stored.some(isTerminalRunEvent)) endedRuns.rememberEnd(runId, stored, count);
        return stored;
      }
    });
    if (result.length > 0) {
      if (messages) onQueued(messages);
      const ended = result.some(isTerminalRunEvent);
      if (ended) ctx.own.ended(runId);
      ctx.emit({ type: "run", runId, ended });
      ctx.notify("r", runId, !ended);
    }
    return result;
  }

  return { append, remember };
}

/** Throws unless `events` is an array of objects with a valid event type. */
export function assertEvents(events: NewWorkflowEvent[]): void {
  if (!Array.isArray(events)) throw new WorldInputError("appendEvents expects an array of events.");
  for (const event of events) {
    if (event === null || typeof event !== "object" || !EVENT_TYPE_RE.test(String((event as { type?: unknown }).type))) {
      throw new WorldInputError(`appendEvents got an event without a valid type: ${JSON.stringify(event)?.slice(0, 200)}`);
    }
  }
}
