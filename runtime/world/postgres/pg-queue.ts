import { runTaskList, type Task, type WorkerPool } from "graphile-worker";
import { assertRunId } from "../fs/names.ts";
import { WorldInputError } from "../fs/world-errors.ts";
import type { QueueMessage, WorldQueue } from "../world.ts";
import { queuePool, retryOnDisconnect } from "./connect.ts";
import { GRAPHILE_LOGGER } from "./postgres-debug.ts";
import { noticeOf, type PgContext } from "./pg-context.ts";
import { createWakeTimer } from "./wake-timer.ts";

/** Task of messages any instance may run. */
export const SHARED_TASK = "workflow";
/** Prefix of the task of messages routed to one live owner: `workflow:<owner id>`. */
export const OWNER_TASK_PREFIX = "workflow:";
/** graphile-worker retries a throwing handler with exp(min(attempt, 10)) s backoff, this many times. */
export const MAX_ATTEMPTS = 50;
/**
 * The workers' local queue looks for due jobs this often as a backstop (one query per instance, not one per
 * worker); due times this instance hears of wake it exactly.
 */
const POLL_INTERVAL_MS = 2_000;
const MAX_WORKERS = 32;
const MAX_ID_LENGTH = 512;
/** Backoff of a message whose handler threw: doubles from this, capped at `RETRY_MAX_MS`. */
const RETRY_BASE_MS = 250;
const RETRY_MAX_MS = 30_000;
/** Field of a job's payload counting its failed deliveries (stripped before the handler sees the message). */
const FAILURES = "__failures";

/** The queue plus what the rest of the world drives: timer notices, orphaned jobs, shutdown. */
export interface PgQueue extends WorldQueue {
  /** Another instance queued a message due at `dueAt`: wake a worker then. */
  onTimerNotice(dueAt: number): void;
  /** Moves the waiting jobs of dead owners to the shared task, so any instance runs them. */
  adoptOrphanedJobs(): Promise<void>;
  /** Looks up the next due time again (after notices of new timers may have been missed). */
  resyncTimer(): void;
  close(): Promise<void>;
}

/**
 * The durable queue on graphile-worker: each message is a job keyed by its id (`job_key`: enqueuing a queued
 * id replaces its payload and due time; a running one gets a fresh job), due at `run_at`, picked up through
 * LISTEN/NOTIFY. The job completes only after the handler resolved, i.e. after its outcome is committed; a
 * throwing handler is retried with backoff. Owner routing: a message whose `owner` is alive goes to the task
 * `workflow:<owner>`, which only that instance's worker runs; when an owner dies, its waiting jobs are moved
 * to the shared task by every instance's heartbeat (`adoptOrphanedJobs`). The workers are served from one
 * local queue (graphile-worker's `localQueue`, as large as the pool), so finding jobs is one query per
 * instance rather than one per idle worker every poll interval.
 */
export function createPgQueue(ctx: PgContext): PgQueue {
  const { s, w, channel } = ctx.names;
  const ownTask = `${OWNER_TASK_PREFIX}${ctx.self}`;
  const running = new Map<string, Promise<void>>();
  /** Running messages withdrawn by `ack` while their handler ran. */
  const withdrawn = new Set<string>();
  let pool: WorkerPool | undefined;
  const stopping: Array<Promise<void>> = [];
  const timer = createWakeTimer({ wake: () => pool?.nudge(MAX_WORKERS), nextDue: queryNextDue });
  const enqueueSql = `select ${w}.add_job(
      case when $2::text is not null and exists (select 1 from ${s}.owners o where o.owner_id = $2 and o.expires_at > ${s}.now_ms())
        then '${OWNER_TASK_PREFIX}' || $2 else '${SHARED_TASK}' end,
      $1::json, run_at => to_timestamp($3::float8 / 1000), max_attempts => ${MAX_ATTEMPTS}, job_key => $4) is not null as added,
    (select pg_notify($5, $6) where $3::float8 > ${s}.now_ms()) is null as noticed`;

  async function queryNextDue(): Promise<number | undefined> {
    const { rows } = await ctx.pool.query<{ due: string | null }>({
      name: `${s}.next-due`,
      text: `select (extract(epoch from min(run_at)) * 1000)::bigint as due from ${w}.jobs
        where run_at > to_timestamp($1::float8 / 1000) and locked_at is null and task_identifier in ($2, $3)`,
      values: [Date.now(), SHARED_TASK, ownTask],
    });
    return rows[0]?.due === null || rows[0]?.due === undefined ? undefined : Number(rows[0].due);
  }

  async function enqueue(message: QueueMessage): Promise<void> {
    assertPgQueueMessage(message);
    const values = [JSON.stringify(message), message.owner ?? null, message.dueAt, message.id, channel, noticeOf(ctx.self, "t", String(message.dueAt))];
    await retryOnDisconnect(() => ctx.pool.query({ name: `${s}.enqueue`, text: enqueueSql, values }));
    if (message.dueAt > Date.now()) timer.arm(message.dueAt);
  }

  async function ack(id: string): Promise<void> {
    // Withdrawn: a waiting job with this key is deleted; a running one loses its key and its retries, and its
    // handler's failure (if any) queues nothing.
    if (running.has(id)) withdrawn.add(id);
    await retryOnDisconnect(() => ctx.pool.query({ name: `${s}.remove-job`, text: `select ${w}.remove_job($1) is not null`, values: [id] }));
  }

  function consume(handler: (message: QueueMessage) => Promise<void>, options: { concurrency?: number } = {}): () => void {
    if (pool) throw new Error("This world's queue already has a consumer; call the returned stop function first.");
    const task: Task = async (payload, helpers) => {
      const { [FAILURES]: failures = 0, ...message } = payload as QueueMessage & { [FAILURES]?: number };
      // A message re-enqueued while its previous delivery runs waits for that delivery to finish.
      await running.get(message.id);
      let finish!: () => void;
      const over = new Promise<void>((resolve) => (finish = resolve));
      // Registered before the handler starts, so an `ack` it makes sees the message as running.
      running.set(message.id, over);
      try {
        await handler(message);
      } catch (error) {
        if (!withdrawn.has(message.id)) await redeliverLater(message, failures + 1, helpers.job.task_identifier, error);
      } finally {
        finish();
        if (running.get(message.id) === over) {
          running.delete(message.id);
          withdrawn.delete(message.id);
        }
      }
    };
    const concurrency = Math.min(MAX_WORKERS, Math.max(1, Math.floor(options.concurrency ?? 10)));
    const started = runTaskList(
      {
        schema: ctx.names.workerSchema,
        concurrency,
        noHandleSignals: true,
        pollInterval: POLL_INTERVAL_MS,
        logger: GRAPHILE_LOGGER,
        useNodeTime: true,
        preset: { worker: { localQueue: { size: concurrency } } },
      },
      { [SHARED_TASK]: task, [ownTask]: task },
      queuePool(ctx.pool, () => pool !== started),
    );
    pool = started;
    timer.start();
    void adoptOrphanedJobs().catch(() => undefined);
    return () => {
      if (pool !== started) return;
      void stop();
    };
  }

  /**
   * Queues a failed message again after a backoff (250 ms doubling up to 30 s, graphile-worker's own starts at
   * 2.7 s), then lets this job complete. A copy enqueued while the handler ran keeps its due time
   * (`preserve_run_at`). When the retry cannot be queued the handler's error is rethrown, and graphile-worker
   * retries the job itself.
   */
  async function redeliverLater(message: QueueMessage, failures: number, taskIdentifier: string, error: unknown): Promise<void> {
    const dueAt = Date.now() + Math.min(RETRY_BASE_MS * 2 ** (failures - 1), RETRY_MAX_MS);
    try {
      await ctx.pool.query({
        name: `${s}.redeliver`,
        text: `select ${w}.add_job($1, $2::json, run_at => to_timestamp($3::float8 / 1000), max_attempts => ${MAX_ATTEMPTS}, job_key => $4, job_key_mode => 'preserve_run_at') is not null`,
        values: [taskIdentifier, JSON.stringify({ ...message, [FAILURES]: failures }), dueAt, message.id],
      });
    } catch {
      throw error;
    }
    timer.arm(dueAt);
  }

  /** Stops the consumer; resolves once its running handlers finished (every earlier stop's too). */
  async function stop(): Promise<void> {
    const current = pool;
    pool = undefined;
    timer.stop();
    if (current) stopping.push(Promise.resolve(current.gracefulShutdown("consumer stopped")).catch(() => undefined));
    await Promise.all(stopping);
  }

  async function adoptOrphanedJobs(): Promise<void> {
    // graphile-worker 0.17's public `jobs` view has no payload column: it is read from `_private_jobs`.
    await ctx.pool.query({
      name: `${s}.adopt-jobs`,
      text: `select ${w}.add_job($1, p.payload, run_at => j.run_at, max_attempts => j.max_attempts, job_key => j.key)
        from ${w}.jobs j join ${w}._private_jobs p on p.id = j.id
        where j.task_identifier like $2 and j.key is not null and j.locked_at is null
          and not exists (select 1 from ${s}.owners o where $3 || o.owner_id = j.task_identifier and o.expires_at > ${s}.now_ms())`,
      values: [SHARED_TASK, `${OWNER_TASK_PREFIX}%`, OWNER_TASK_PREFIX],
    });
  }

  return { enqueue, ack, consume, onTimerNotice: (dueAt) => pool && timer.arm(dueAt), adoptOrphanedJobs, resyncTimer: () => timer.resync(), close: stop };
}

/**
 * The SQL call that adds `messages` as jobs inside another statement (`enqueue_messages`, the rule of
 * `enqueue`), with its parameters numbered from `$first`; pass `enqueueMessagesValues` at those positions.
 */
export function enqueueMessagesCall(ctx: PgContext, first: number): string {
  const p = (offset: number) => `$${first + offset}`;
  return `${ctx.names.s}.enqueue_messages(${p(0)}::json, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)})`;
}

/** The parameter values of `enqueueMessagesCall` (each message checked first). */
export function enqueueMessagesValues(ctx: PgContext, messages: QueueMessage[]): unknown[] {
  if (!Array.isArray(messages)) throw new WorldInputError("The enqueue option expects an array of queue messages.");
  for (const message of messages) assertPgQueueMessage(message);
  return [JSON.stringify(messages), SHARED_TASK, OWNER_TASK_PREFIX, MAX_ATTEMPTS, ctx.names.channel, ctx.self];
}

/** Throws unless `message` is a well-formed queue message. */
export function assertPgQueueMessage(message: QueueMessage): void {
  if (message === null || typeof message !== "object") throw new WorldInputError("queue.enqueue expects a message.");
  const kind: unknown = message.kind;
  if (kind !== "flow" && kind !== "step") throw new WorldInputError(`Invalid queue message kind ${JSON.stringify(kind)}.`);
  if (typeof message.id !== "string" || message.id.length === 0 || message.id.length > MAX_ID_LENGTH) {
    throw new WorldInputError(`Invalid queue message id ${JSON.stringify(message.id)}: expected 1-${MAX_ID_LENGTH} characters.`);
  }
  assertRunId(message.runId);
  if (typeof message.dueAt !== "number" || !Number.isFinite(message.dueAt)) throw new WorldInputError(`Invalid dueAt for message "${message.id}".`);
  if (message.owner !== undefined && typeof message.owner !== "string") throw new WorldInputError(`Invalid owner for message "${message.id}".`);
}
