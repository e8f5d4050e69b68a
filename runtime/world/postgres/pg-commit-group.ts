import { isConnectionError } from "./connect.ts";
import type { PgContext } from "./pg-context.ts";
import type { PreparedBatch } from "./pg-append.ts";
import { batchValues, createdHooksValue } from "./pg-append.ts";
import { enqueueMessagesCall } from "./pg-queue.ts";

/** One `append_events` call: a run's prepared events and how to store them. */
export interface AppendCall {
  runId: string;
  batch: PreparedBatch;
  createdAt: number;
  exact: boolean;
  /** `enqueueMessagesValues` of the messages to queue with the events, or undefined. */
  queueValues?: unknown[];
}

/** What `append_events` answered for one call. */
export interface AppendOutcome {
  outcome: string;
  kept: number[] | null;
  last_event_id: string | null;
  /** The run's event count after the call (null when the run is missing or the ids were stale). */
  stored_count: number | null;
}

/** Statements in flight at most; the calls made meanwhile wait and share the next one. */
const MAX_IN_FLIGHT = 2;
/** Upper bound of calls in one statement. */
const MAX_GROUP = 64;
/** One call's part of the flat array parameter `$param` (the call's `first` and `n` come from $2 and $3). */
const slice = (param: number) => `($${param}::text[])[c.first : c.first + c.n - 1]`;

/**
 * Group commit of appends: a call is sent at once while fewer than `MAX_IN_FLIGHT` statements are in flight
 * (a lone run pays nothing); calls made while that many are wait, and go to the database together as the
 * next statement: one round trip, one transaction and one WAL flush for several runs instead of one each
 * (the in-flight statements pace the groups). Each call keeps its own guarantees: `append_events`
 * locks its run's row and applies the log rules per call, and its jobs are added in the same statement, so
 * a run's events and its jobs still commit together. Calls are sorted by run id, so two instances' groups
 * lock rows in the same order and never deadlock; a run appears at most once per group (a second call for it
 * waits for the next). When a group's statement fails for another reason than a lost connection, its calls
 * are sent again one by one, so an error belongs to the call that caused it. A lost connection rejects every
 * call of the group with that error: the group was one transaction, so each caller's retry finds its own
 * events stored, or none.
 */
export function createCommitGroup(ctx: PgContext): (call: AppendCall) => Promise<AppendOutcome> {
  const { s } = ctx.names;
  const appendSql = `select outcome, kept, last_event_id, stored_count from ${s}.append_events($1, $2, $3, $4, $5, $6, $7, $8, null, null, $9)`;
  const appendEnqueueSql = `select outcome, kept, last_event_id, stored_count,
      case when outcome = 'ok' and cardinality(kept) > 0 then ${enqueueMessagesCall(ctx, 10)} end as queued
    from ${s}.append_events($1, $2, $3, $4, $5, $6, $7, $8, null, null, $9)`;
  // Each call's events are a slice of the flat arrays $8-$13; its messages (JSON or null) use the shared
  // queue parameters $14-$18 (the same for every message of this instance).
  const groupSql = `select a.outcome, a.kept, a.last_event_id, a.stored_count,
      case when a.outcome = 'ok' and cardinality(a.kept) > 0 and c.messages is not null
        then ${s}.enqueue_messages(c.messages::json, $14, $15, $16, $17, $18) end as queued
    from unnest($1::text[], $2::int[], $3::int[], $4::bigint[], $5::boolean[], $6::text[], $7::boolean[])
      with ordinality as c(run_id, first, n, created_at, exact, messages, has_created, ord)
    cross join lateral ${s}.append_events(c.run_id, ${slice(8)}, ${slice(9)}, ${slice(10)}, ${slice(11)}, ${slice(12)},
      c.created_at, c.exact, null, null, case when c.has_created then ${slice(13)} end) as a
    order by c.ord`;

  interface Waiting {
    call: AppendCall;
    resolve(outcome: AppendOutcome): void;
    reject(error: unknown): void;
  }
  let waiting: Waiting[] = [];
  let inFlight = 0;

  /** Sends the waiting calls as one statement (a run at most once; the rest wait for the next one). */
  function flush(): void {
    const group: Waiting[] = [];
    const later: Waiting[] = [];
    const runs = new Set<string>();
    for (const entry of waiting) {
      if (group.length < MAX_GROUP && !runs.has(entry.call.runId)) {
        runs.add(entry.call.runId);
        group.push(entry);
      } else later.push(entry);
    }
    waiting = later;
    inFlight++;
    void send(group).finally(() => {
      inFlight--;
      if (waiting.length > 0 && inFlight < MAX_IN_FLIGHT) flush();
    });
  }

  async function send(group: Waiting[]): Promise<void> {
    if (group.length === 1) return sendAlone(group[0]);
    group.sort((a, b) => (a.call.runId < b.call.runId ? -1 : a.call.runId > b.call.runId ? 1 : 0));
    let rows: AppendOutcome[];
    try {
      ({ rows } = await ctx.pool.query<AppendOutcome>({ name: `${s}.append-group`, text: groupSql, values: groupValues(group.map((entry) => entry.call)) }));
    } catch (error) {
      if (isConnectionError(error)) {
        for (const entry of group) entry.reject(error);
        return;
      }
      await Promise.all(group.map(sendAlone));
      return;
    }
    group.forEach((entry, index) => entry.resolve(rows[index]));
  }

  async function sendAlone({ call, resolve, reject }: Waiting): Promise<void> {
    const values = [call.runId, ...batchValues(call.batch), call.createdAt, call.exact, createdHooksValue(call.batch), ...(call.queueValues ?? [])];
    const query = call.queueValues ? { name: `${s}.append-enqueue`, text: appendEnqueueSql, values } : { name: `${s}.append`, text: appendSql, values };
    try {
      const { rows } = await ctx.pool.query<AppendOutcome>(query);
      resolve(rows[0]);
    } catch (error) {
      reject(error);
    }
  }

  return (call) =>
    new Promise<AppendOutcome>((resolve, reject) => {
      waiting.push({ call, resolve, reject });
      if (inFlight < MAX_IN_FLIGHT) flush();
    });
}

/** The parameters of `groupSql`: one entry per call in $1-$7, the events of all calls flat in $8-$13. */
function groupValues(calls: AppendCall[]): unknown[] {
  const flat: unknown[][] = [[], [], [], [], [], []];
  const firsts: number[] = [];
  const counts: number[] = [];
  let queueShared: unknown[] | undefined;
  for (const call of calls) {
    firsts.push(flat[0].length + 1);
    counts.push(call.batch.stored.length);
    const columns = [...batchValues(call.batch), call.batch.created];
    columns.forEach((column, index) => flat[index].push(...column));
    queueShared ??= call.queueValues?.slice(1);
  }
  return [
    calls.map((call) => call.runId),
    firsts,
    counts,
    calls.map((call) => call.createdAt),
    calls.map((call) => call.exact),
    calls.map((call) => (call.queueValues ? (call.queueValues[0] as string) : null)),
    calls.map((call) => createdHooksValue(call.batch) !== null),
    ...flat,
    ...(queueShared ?? [null, null, null, null, null]),
  ];
}
