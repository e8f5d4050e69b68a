import type { NewWorkflowEvent, RunCreatedEvent, RunStatus, WorkflowEvent } from "../../events/event.ts";
import { EVENT_ID_PREFIX, isRunId, RUN_ID_PREFIX } from "../../events/ids.ts";
import { isTerminalRunEvent } from "../../events/terminal-events.ts";
import { assertRunId } from "../fs/names.ts";
import { WorldInputError } from "../fs/world-errors.ts";
import type { CreateRunRequest, CreateRunResult, ListRunsQuery, Page, QueueMessage, RunSummary, World } from "../world.ts";
import { retryOnDisconnect } from "./connect.ts";
import { assertEvents, batchValues, createdHooksValue, createPgAppender, prepareBatch } from "./pg-append.ts";
import { type PgContext, toMs } from "./pg-context.ts";
import { createPgEndedRuns } from "./pg-ended-runs.ts";
import { createRunBatcher } from "./pg-run-batch.ts";
import { enqueueMessagesCall, enqueueMessagesValues } from "./pg-queue.ts";

const MAX_LIST_LIMIT = 1000;

interface RunRow {
  run_id: string;
  workflow_name: string;
  status: RunStatus;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  event_count: number;
}

/** The run half of the PostgreSQL world: event logs, summaries, listing, idempotency keys. */
export type PgRunStore = Pick<World, "createRun" | "appendEvents" | "readEvents" | "getRun" | "listRuns" | "listActiveRunIds">;

/**
 * Creates the run store over the `runs` and `events` tables. A run's summary row is updated in the same
 * transaction as its events, so it is always the fold of the stored log. Messages given with a write become
 * jobs in its statement (see `createPgAppender`); `onQueued` hears of them once committed. Reads of ended
 * runs are answered from memory where they can be (see `createPgEndedRuns`).
 */
export function createPgRunStore(ctx: PgContext, onQueued: (messages: QueueMessage[]) => void = () => {}): PgRunStore {
  const { s } = ctx.names;
  const endedRuns = createPgEndedRuns();
  const appender = createPgAppender(ctx, onQueued, endedRuns);
  const createSql = `select outcome, kept, last_event_id from ${s}.create_run($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`;
  const createEnqueueSql = `select outcome, kept, last_event_id,
      case when outcome = 'ok' then ${enqueueMessagesCall(ctx, 16)} end as queued
    from ${s}.create_run($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`;
  const summaryColumns = "run_id, workflow_name, status, created_at, started_at, completed_at, event_count";

  async function createRun(request: CreateRunRequest): Promise<CreateRunResult> {
    if (typeof request?.workflowName !== "string" || request.workflowName.length === 0) {
      throw new WorldInputError("createRun needs a workflowName.");
    }
    const key = request.idempotencyKey;
    if (key !== undefined) {
      const existing = await findByKey(key);
      if (existing) return { runId: existing, created: false };
    }
    const createdAt = Date.now();
    const runId = `${RUN_ID_PREFIX}${ctx.ulid.next(createdAt)}`;
    const event: RunCreatedEvent = {
      type: "run_created",
      runId,
      eventId: `${EVENT_ID_PREFIX}${ctx.ulid.next(createdAt)}`,
      createdAt,
      workflowName: request.workflowName,
      input: request.input,
      seed: request.seed,
      ...(request.url === undefined ? {} : { url: request.url }),
      ...(request.origin === undefined ? {} : { origin: request.origin(runId) }),
      ...(key === undefined ? {} : { idempotencyKey: key }),
    };
    let more: NewWorkflowEvent[] = [];
    // A claim of the new run made meanwhile (by `firstEvents`) is stored with the run (see `PgOwnWrites`).
    ctx.own.beginCreation(runId);
    let claimed: boolean;
    try {
      if (request.firstEvents) {
        more = await request.firstEvents({ ...event });
        assertEvents(more);
      }
    } finally {
      claimed = ctx.own.endCreation(runId);
    }
    const messages = request.enqueue ? request.enqueue({ ...event }) : [];
    const queueValues = messages.length > 0 ? enqueueMessagesValues(ctx, messages) : [];
    const batch = prepareBatch(ctx.ulid, runId, more, createdAt, event.eventId);
    const values = [runId, request.workflowName, createdAt, event.eventId, key ?? null, JSON.stringify(event), ...batchValues(batch), null, null, createdHooksValue(batch), claimed ? ctx.self : null, ...queueValues];
    const created = await retryOnDisconnect(async (attempt) => {
      if (attempt > 0) {
        // The previous attempt may have committed before its connection died.
        const committed = await readEvents(runId);
        if (committed) return { outcome: "ok", stored: committed };
      }
      const query = queueValues.length > 0 ? { name: `${s}.create-run-enqueue`, text: createEnqueueSql, values } : { name: `${s}.create-run`, text: createSql, values };
      const { rows } = await ctx.pool.query<{ outcome: string; kept: number[] | null; last_event_id: string | null }>(query);
      const { outcome, kept, last_event_id: lastEventId } = rows[0];
      if (outcome === "exists") return { outcome, existing: lastEventId ?? undefined };
      return { outcome, stored: [event, ...(kept ?? []).map((index) => batch.stored[index - 1])] };
    });
    if (created.outcome === "exists" || !created.stored) {
      if (!created.existing) throw new WorldInputError(`createRun: the run for idempotency key ${JSON.stringify(key)} vanished.`);
      return { runId: created.existing, created: false };
    }
    const stored = created.stored;
    appender.remember(runId, stored[stored.length - 1].eventId);
    if (messages.length > 0) onQueued(messages);
    const ended = stored.some(isTerminalRunEvent);
    if (ended) {
      ctx.own.ended(runId);
      // A new run's log is what its creation stored.
      endedRuns.rememberEnd(runId, stored, stored.length);
    }
    ctx.emit({ type: "run", runId, ended });
    ctx.notify("r", runId);
    return { runId, created: true, events: stored };
  }

  async function findByKey(key: string): Promise<string | undefined> {
    const { rows } = await ctx.pool.query<{ run_id: string }>({ name: `${s}.run-by-key`, text: `select run_id from ${s}.runs where idempotency_key = $1`, values: [key] });
    return rows[0]?.run_id;
  }

  async function readEvents(runId: string, from = 0): Promise<WorkflowEvent[] | undefined> {
    if (typeof runId !== "string" || !isRunId(runId)) return undefined;
    if (!Number.isInteger(from) || from < 0) throw new WorldInputError(`readEvents: invalid start index ${from}.`);
    const remembered = endedRuns.events(runId, from);
    if (remembered) return remembered;
    const { rows } = await retryOnDisconnect(() =>
      ctx.pool.query<{ body: string }>({ name: `${s}.read-events`, text: `select body from ${s}.events where run_id = $1 and seq >= $2 order by seq`, values: [runId, from] }),
    );
    if (rows.length === 0) return (await getRun(runId)) ? [] : undefined;
    return rows.map((row) => JSON.parse(row.body) as WorkflowEvent);
  }

  const readSummary = createRunBatcher({
    load: async (runIds: string[]) => {
      const { rows } = await retryOnDisconnect(() =>
        ctx.pool.query<RunRow>({ name: `${s}.get-runs`, text: `select ${summaryColumns} from ${s}.runs where run_id = any($1::text[])`, values: [runIds] }),
      );
      return rows;
    },
    toSummary,
  });

  async function getRun(runId: string): Promise<RunSummary | undefined> {
    if (typeof runId !== "string" || !isRunId(runId)) return undefined;
    const remembered = endedRuns.summary(runId);
    if (remembered) return remembered;
    const summary = await readSummary(runId);
    if (summary) endedRuns.rememberSummary(summary);
    return summary;
  }

  async function listRuns(query: ListRunsQuery = {}): Promise<Page<RunSummary>> {
    const limit = Math.min(Math.max(1, Math.floor(query.limit ?? 100)), MAX_LIST_LIMIT);
    if (query.cursor !== undefined && query.cursor !== null && !isRunId(query.cursor)) {
      throw new WorldInputError(`listRuns: invalid cursor ${JSON.stringify(query.cursor)}.`);
    }
    const { rows } = await retryOnDisconnect(() =>
      ctx.pool.query<RunRow>({
        name: `${s}.list-runs`,
        text: `select ${summaryColumns} from ${s}.runs
          where ($1::text is null or workflow_name = $1) and ($2::text is null or status = $2) and ($3::text is null or run_id < $3)
            and ($5::text is null or search_text like $5)
          order by run_id desc limit $4`,
        values: [query.workflowName ?? null, query.status ?? null, query.cursor ?? null, limit + 1, likePattern(query.search)],
      }),
    );
    const data = rows.slice(0, limit).map(toSummary);
    return { data, cursor: rows.length > limit ? data[data.length - 1].runId : null };
  }

  async function listActiveRunIds(): Promise<string[]> {
    const { rows } = await retryOnDisconnect(() =>
      ctx.pool.query<{ run_id: string }>(`select run_id from ${s}.runs where status in ('pending', 'running') order by run_id`),
    );
    return rows.map((row) => row.run_id);
  }

  return {
    createRun,
    appendEvents: async (runId, events, options) => {
      assertRunId(runId);
      return appender.append(runId, events, options);
    },
    readEvents,
    getRun,
    listRuns,
    listActiveRunIds,
  };
}

/** `%text%` for a LIKE over `search_text` (lower-cased), with LIKE's own characters escaped; null for no search. */
function likePattern(search: string | undefined): string | null {
  const needle = search?.trim().toLowerCase();
  return needle ? `%${needle.replace(/[\\%_]/g, (char) => `\\${char}`)}%` : null;
}

function toSummary(row: RunRow): RunSummary {
  return {
    runId: row.run_id,
    workflowName: row.workflow_name,
    status: row.status,
    createdAt: Number(row.created_at),
    ...(row.started_at === null ? {} : { startedAt: toMs(row.started_at) }),
    ...(row.completed_at === null ? {} : { completedAt: toMs(row.completed_at) }),
    eventCount: row.event_count,
  };
}
