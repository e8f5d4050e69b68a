import { isRunId } from "../../events/ids.ts";
import { assertRunId } from "../fs/names.ts";
import type { RunOwners } from "../world.ts";
import { retryOnDisconnect } from "./connect.ts";
import { debug } from "./postgres-debug.ts";
import type { PgContext } from "./pg-context.ts";
import { createLeaseClock } from "./pg-lease.ts";

/** How often a live instance renews its heartbeat. */
export const HEARTBEAT_MS = 1_000;
/**
 * How long a heartbeat keeps its owner alive. A dead owner's runs become claimable this long after its last
 * renewal, plus at most one sweep interval of whoever takes over: below `RUN_TAKEOVER_MS` (5 s).
 */
export const OWNER_LEASE_MS = 3_000;
/**
 * After this instance lost the database (its heartbeat failed), how long from its first renewal on it leaves
 * the lapsed claims of other owners alone. Every instance's lease lapses in an outage longer than
 * `OWNER_LEASE_MS`; the owners still alive renew within a heartbeat or two of the database's return, and only
 * then may a lapsed lease be taken for a dead owner's. Without this, whoever reconnected first took over runs
 * still running in the others' memory, and their steps ran twice.
 */
export const OUTAGE_GRACE_MS = OWNER_LEASE_MS + 2 * HEARTBEAT_MS;
/**
 * This instance starts no step attempt when its lease, as counted on its own clock, has less than this left:
 * a heartbeat late by this much makes it confirm its claims before going on (see `confirm`).
 */
export const LEASE_MARGIN_MS = HEARTBEAT_MS;
/** Owner rows expired for longer than this are deleted by the heartbeat. */
const DEAD_OWNER_RETENTION_MS = 3_600_000;

/** `RunOwners` plus the heartbeat's lifecycle. */
export interface PgOwners extends RunOwners {
  /** Registers `self` and starts renewing it; `onBeat` runs after each renewal (housekeeping). */
  start(onBeat?: () => Promise<void>): Promise<void>;
  /** Stops renewing and removes `self`, which orphans its runs at once. */
  stop(): Promise<void>;
}

/**
 * Run ownership over `owners` (one heartbeat row per live world instance, expiry on the database's clock)
 * and `run_owners` (the claim of each run). `claim` is one statement: it inserts the claim, or takes it over
 * when its holder is `self` or dead, and reports the holder in the same snapshot.
 */
export function createPgOwners(ctx: PgContext): PgOwners {
  const { s } = ctx.names;
  const { self } = ctx;
  let timer: NodeJS.Timeout | undefined;
  let beating: Promise<void> | undefined;
  let stopped = false;
  /** The heartbeat failed and has not renewed since: the database is away, for this instance at least. */
  let cutOff = false;
  let graceUntil = 0;
  const lease = createLeaseClock({ leaseMs: OWNER_LEASE_MS, marginMs: LEASE_MARGIN_MS });
  /** Whether this instance may take over the claims of owners whose leases lapsed (see `OUTAGE_GRACE_MS`). */
  const mayTakeOver = () => !cutOff && Date.now() >= graceUntil;
  const live = (alias: string) => `exists (select 1 from ${s}.owners o where o.owner_id = ${alias}.owner_id and o.expires_at > ${s}.now_ms())`;
  const claimSql = `with taken as (
      insert into ${s}.run_owners as c (run_id, owner_id) values ($1, $2)
      on conflict (run_id) do update set owner_id = excluded.owner_id where c.owner_id = excluded.owner_id or ($3::boolean and not ${live("c")})
      returning owner_id)
    select owner_id from taken union all select owner_id from ${s}.run_owners where run_id = $1 and not exists (select 1 from taken)`;

  async function renew(): Promise<void> {
    await lease.renewing(() => ctx.pool.query({
      name: `${s}.renew-owner`,
      text: `insert into ${s}.owners (owner_id, expires_at) values ($1, ${s}.now_ms() + $2)
        on conflict (owner_id) do update set expires_at = excluded.expires_at`,
      values: [self, OWNER_LEASE_MS],
    }));
  }

  async function start(onBeat?: () => Promise<void>): Promise<void> {
    await retryOnDisconnect(renew);
    await ctx.pool.query(`delete from ${s}.owners where expires_at < ${s}.now_ms() - ${DEAD_OWNER_RETENTION_MS}`).catch(() => undefined);
    const beat = () => {
      if (stopped) return;
      beating = (async () => {
        try {
          await renew();
          if (cutOff) {
            cutOff = false;
            graceUntil = Date.now() + OUTAGE_GRACE_MS;
          }
          if (mayTakeOver()) await onBeat?.();
        } catch (error) {
          // The database is away: the next beat tries again (the lease may lapse meanwhile, as it should).
          cutOff = true;
          debug("heartbeat of %s failed: %O", self, error);
        }
      })().finally(() => {
        beating = undefined;
        if (!stopped) timer = setTimeout(beat, HEARTBEAT_MS);
      });
    };
    timer = setTimeout(beat, HEARTBEAT_MS);
  }

  async function stop(): Promise<void> {
    stopped = true;
    lease.stop();
    if (timer) clearTimeout(timer);
    await beating;
    await ctx.pool.query({ text: `delete from ${s}.owners where owner_id = $1`, values: [self] }).catch(() => undefined);
  }

  async function claim(runId: string): Promise<string> {
    assertRunId(runId);
    const epoch = lease.epoch;
    // A run this instance is creating is claimed in its creation's statement.
    if (ctx.own.claimCreating(runId)) {
      lease.confirmed(runId, epoch);
      return self;
    }
    ctx.own.forgetEnded(runId);
    const { rows } = await retryOnDisconnect(() =>
      ctx.pool.query<{ owner_id: string }>({ name: `${s}.claim-run`, text: claimSql, values: [runId, self, mayTakeOver()] }),
    );
    const owner = rows[0]?.owner_id ?? self;
    if (owner === self) lease.confirmed(runId, epoch);
    else lease.forget(runId);
    return owner;
  }

  /**
   * True at once while the lease held since the run's claim was last seen to be `self`'s. Otherwise waits for
   * a renewal (the lease lapsed: another instance may be taking the run over) and claims the run again.
   */
  function confirm(runId: string): boolean | Promise<boolean> {
    if (stopped || lease.isConfirmed(runId)) return true;
    return (async () => {
      // `stop` wakes the waiters too; `stopped` is set by then.
      for (;;) {
        if (stopped) return true;
        if (lease.held()) break;
        await lease.nextRenewal();
      }
      return (await claim(runId)) === self;
    })();
  }

  async function release(runId: string): Promise<void> {
    if (typeof runId !== "string" || !isRunId(runId)) return;
    lease.forget(runId);
    // The append of the run's terminal event removed its claim already.
    if (ctx.own.forgetEnded(runId)) return;
    await retryOnDisconnect(() =>
      ctx.pool.query({ name: `${s}.release-run`, text: `delete from ${s}.run_owners where run_id = $1 and owner_id = $2`, values: [runId, self] }),
    );
  }

  async function isAlive(owner: string): Promise<boolean> {
    if (typeof owner !== "string") return false;
    const { rows } = await retryOnDisconnect(() =>
      ctx.pool.query({ name: `${s}.owner-alive`, text: `select 1 from ${s}.owners where owner_id = $1 and expires_at > ${s}.now_ms()`, values: [owner] }),
    );
    return rows.length > 0;
  }

  async function listOrphaned(): Promise<string[]> {
    if (!mayTakeOver()) return [];
    const { rows } = await retryOnDisconnect(() =>
      ctx.pool.query<{ run_id: string }>(
        `select r.run_id from ${s}.runs r left join ${s}.run_owners c on c.run_id = r.run_id
         where r.status in ('pending', 'running') and (c.owner_id is null or not ${live("c")}) order by r.run_id`,
      ),
    );
    return rows.map((row) => row.run_id);
  }

  return { self, claim, release, isAlive, listOrphaned, confirm, start, stop };
}
