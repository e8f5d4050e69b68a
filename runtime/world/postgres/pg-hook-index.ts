import { isRunId } from "../../events/ids.ts";
import { assertRunId } from "../fs/names.ts";
import { WorldInputError } from "../fs/world-errors.ts";
import type { HookIndex, HookRecord } from "../world.ts";
import { retryOnDisconnect } from "./connect.ts";
import { type PgContext, toMs } from "./pg-context.ts";

const HOOK_ID_RE = /^[A-Za-z0-9_.:-]{1,200}$/;
const MAX_TOKEN_LENGTH = 4096;

interface HookRow {
  token: string;
  run_id: string;
  hook_id: string;
  kind: "hook" | "webhook";
  metadata: string | null;
  created_at: string;
}

/**
 * Token index over the `hooks` table: the token is its primary key, so two live hooks never own one token.
 * `recorded_hooks` holds the hooks whose `hook_created` is stored, written by the append that stores it.
 * Rows are removed in the append transaction that disposes the hook or ends its run; a claim also takes
 * over a row whose run has ended (a row left by an older version or a manual edit), in the same statement.
 */
export function createPgHookIndex(ctx: PgContext): HookIndex {
  const { s } = ctx.names;
  const claimSql = `insert into ${s}.hooks as h (token, run_id, hook_id, kind, metadata, created_at) values ($1, $2, $3, $4, $5, $6)
    on conflict (token) do update set run_id = excluded.run_id, hook_id = excluded.hook_id, kind = excluded.kind,
      metadata = excluded.metadata, created_at = excluded.created_at
    where (h.run_id = excluded.run_id and h.hook_id = excluded.hook_id)
      or not exists (select 1 from ${s}.runs r where r.run_id = h.run_id and r.status in ('pending', 'running'))
    returning token`;

  async function claim(record: HookRecord): Promise<boolean> {
    validate(record);
    const values = [record.token, record.runId, record.hookId, record.kind, record.metadata ?? null, record.createdAt ?? Date.now()];
    const { rows } = await retryOnDisconnect(() => ctx.pool.query({ name: `${s}.claim-hook`, text: claimSql, values }));
    if (rows.length === 0) return false;
    ctx.emit({ type: "hook", token: record.token });
    ctx.notify("h", record.token);
    return true;
  }

  async function release(token: string, hookId: string): Promise<void> {
    if (typeof token !== "string" || typeof hookId !== "string") return;
    const { rows } = await retryOnDisconnect(() =>
      ctx.pool.query({
        name: `${s}.release-hook`,
        text: `delete from ${s}.hooks where token = $1 and hook_id = $2 returning token`,
        values: [token, hookId],
      }),
    );
    if (rows.length > 0) {
      ctx.emit({ type: "hook", token });
      ctx.notify("h", token);
    }
  }

  async function get(token: string): Promise<HookRecord | undefined> {
    if (typeof token !== "string" || token.length === 0 || token.length > MAX_TOKEN_LENGTH) return undefined;
    const { rows } = await retryOnDisconnect(() =>
      ctx.pool.query<HookRow>({
        name: `${s}.get-hook`,
        text: `select h.* from ${s}.hooks h join ${s}.runs r on r.run_id = h.run_id where h.token = $1 and r.status in ('pending', 'running')`,
        values: [token],
      }),
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async function getRecorded(token: string): Promise<HookRecord | undefined> {
    if (typeof token !== "string" || token.length === 0 || token.length > MAX_TOKEN_LENGTH) return undefined;
    const { rows } = await retryOnDisconnect(() =>
      ctx.pool.query<HookRow>({
        name: `${s}.get-recorded-hook`,
        text: `select h.* from ${s}.hooks h join ${s}.runs r on r.run_id = h.run_id
          join ${s}.recorded_hooks c on c.run_id = h.run_id and c.hook_id = h.hook_id
          where h.token = $1 and r.status in ('pending', 'running')`,
        values: [token],
      }),
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async function listByRun(runId: string): Promise<HookRecord[]> {
    if (typeof runId !== "string" || !isRunId(runId)) return [];
    // The append of the run's terminal event removed its hooks: an ended run has no live hook.
    if (ctx.own.hasEnded(runId)) return [];
    const { rows } = await retryOnDisconnect(() =>
      ctx.pool.query<HookRow>({ name: `${s}.hooks-of-run`, text: `select * from ${s}.hooks where run_id = $1 order by created_at, token`, values: [runId] }),
    );
    return rows.map(toRecord);
  }

  return { claim, release, get, getRecorded, listByRun };
}

function toRecord(row: HookRow): HookRecord {
  return {
    token: row.token,
    runId: row.run_id,
    hookId: row.hook_id,
    kind: row.kind,
    ...(row.metadata === null ? {} : { metadata: row.metadata }),
    createdAt: toMs(row.created_at) ?? 0,
  };
}

/** Throws unless the record names a valid run, hook id, kind and token. */
function validate(record: HookRecord): void {
  if (record === null || typeof record !== "object") throw new WorldInputError("hooks.claim expects a hook record.");
  assertRunId(record.runId);
  if (typeof record.token !== "string" || record.token.length === 0 || record.token.length > MAX_TOKEN_LENGTH) {
    throw new WorldInputError(`Invalid hook token: expected 1-${MAX_TOKEN_LENGTH} characters.`);
  }
  if (typeof record.hookId !== "string" || !HOOK_ID_RE.test(record.hookId)) throw new WorldInputError(`Invalid hook id ${JSON.stringify(record.hookId)}.`);
  if (record.kind !== "hook" && record.kind !== "webhook") throw new WorldInputError(`Invalid hook kind ${JSON.stringify(record.kind)}.`);
}
