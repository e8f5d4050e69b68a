import type { NewWorkflowEvent, RunCreatedEvent, RunStatus, WorkflowEvent } from "../../events/event.ts";
import { EVENT_ID_PREFIX, isRunId, RUN_ID_PREFIX } from "../../events/ids.ts";
import { assertRunId } from "../fs/names.ts";
import { WorldInputError } from "../fs/world-errors.ts";
import type { CreateRunRequest, CreateRunResult, ListRunsQuery, Page, RunSummary, World } from "../world.ts";
import { retryOnDisconnect } from "./connect.ts";
import { assertEvents, createPgAppender } from "./pg-append.ts";
import { noticeOf, type PgContext, toMs } from "./pg-context.ts";

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
 * transaction as its events, so it is always the fold of the stored log.
 */
export function createPgRunStore(ctx: PgContext): PgRunStore {
  const { s, channel } = ctx.names;
  const appender = createPgAppender(ctx);
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
      ...(key === undefined ? {} : { idempotencyKey: key }),
    };
    let more: NewWorkflowEvent[] = [];
    if (request.firstEvents) {
      more = await request.firstEvents({ ...event });
      assertEvents(more);
    }
    const insertSql = `with run as (
        insert into ${s}.runs (run_id, workflow_name, status, created_at, event_count, last_event_id, idempotency_key)
        values ($1, $2, 'pending', $3, 1, $4, $5) on conflict (idempotency_key) do nothing returning run_id),
      event as (insert into ${s}.events (run_id, seq, event_id, settle_key, body) select run_id, 0, $4, null, $6 from run returning run_id)
      select run_id, pg_notify($7, $8) from event`;
    const stored = await retryOnDisconnect(async (attempt) => {
      if (attempt > 0) {
        const committed = await readEvents(runId);
        if (committed) return committed;
      }
      const client = await ctx.pool.connect();
      let broken = false;
      try {
        await client.query("begin");
        const values = [runId, request.workflowName, createdAt, event.eventId, key ?? null, JSON.stringify(event), channel, noticeOf(ctx.self, "r", runId)];
        const inserted = await client.query({ name: `${s}.create-run`, text: insertSql, values });
        if (inserted.rows.length === 0) {
          await client.query("rollback");
          return undefined;
        }
        appender.remember(runId, event.eventId);
        const rest = more.length > 0 ? await appender.append(runId, more, { createdAt }, client) : [];
        await client.query("commit");
        return [event, ...rest];
      } catch (error) {
        broken = true;
        await client.query("rollback").catch(() => undefined);
        throw error;
      } finally {
        client.release(broken);
      }
    });
    if (!stored) {
      // Another instance created a run with this idempotency key between the lookup and the insert.
      const existing = key === undefined ? undefined : await findByKey(key);
      if (!existing) throw new WorldInputError(`createRun: the run for idempotency key ${JSON.stringify(key)} vanished.`);
      return { runId: existing, created: false };
    }
    appender.remember(runId, stored[stored.length - 1].eventId);
    ctx.emit({ type: "run", runId });
    return { runId, created: true, events: stored };
  }

  async function findByKey(key: string): Promise<string | undefined> {
    const { rows } = await ctx.pool.query<{ run_id: string }>({ name: `${s}.run-by-key`, text: `select run_id from ${s}.runs where idempotency_key = $1`, values: [key] });
    return rows[0]?.run_id;
  }

  async function readEvents(runId: string, from = 0): Promise<WorkflowEvent[] | undefined> {
    if (typeof runId !== "string" || !isRunId(runId)) return undefined;
    if (!Number.isInteger(from) || from < 0) throw new WorldInputError(`readEvents: invalid start index ${from}.`);
    const { rows } = await retryOnDisconnect(() =>
      ctx.pool.query<{ body: string }>({ name: `${s}.read-events`, text: `select body from ${s}.events where run_id = $1 and seq >= $2 order by seq`, values: [runId, from] }),
    );
    if (rows.length === 0) return (await getRun(runId)) ? [] : undefined;
    return rows.map((row) => JSON.parse(row.body) as WorkflowEvent);
  }

  async function getRun(runId: string): Promise<RunSummary | undefined> {
    if (typeof runId !== "string" || !isRunId(runId)) return undefined;
    const { rows } = await retryOnDisconnect(() =>
      ctx.pool.query<RunRow>({ name: `${s}.get-run`, text: `select ${summaryColumns} from ${s}.runs where run_id = $1`, values: [runId] }),
    );
    return rows[0] ? toSummary(rows[0]) : undefined;
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
          order by run_id desc limit $4`,
        values: [query.workflowName ?? null, query.status ?? null, query.cursor ?? null, limit + 1],
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
