import { isTerminalStatus } from "../../events/terminal-events.ts";
import type { RunStatus } from "../../events/event.ts";
import { retryOnDisconnect } from "./connect.ts";
import { debug } from "./postgres-debug.ts";
import type { PgContext } from "./pg-context.ts";

/**
 * Instances stamp their writes with their own clocks: changes stamped up to this long before the LISTEN
 * connection dropped are announced again, so a writer whose clock runs behind is not missed.
 */
export const CATCH_UP_SKEW_MS = 5_000;

/**
 * After the LISTEN connection came back: tells this instance's watchers about every change it may have missed
 * while the connection was away (notices are not queued for a listener that is gone). Announces the active
 * runs, the runs that ended since `since` (ms, this instance's clock), and the hooks created since then;
 * stream tails and timers re-check on their own (`onReconnect`'s other duties). Announcing a change twice is
 * harmless: watchers re-read what they care about.
 */
export async function catchUpChanges(ctx: PgContext, since: number): Promise<void> {
  const { s } = ctx.names;
  const from = since - CATCH_UP_SKEW_MS;
  try {
    const runs = await retryOnDisconnect(() =>
      ctx.pool.query<{ run_id: string; status: RunStatus }>({
        name: `${s}.catch-up-runs`,
        text: `select run_id, status from ${s}.runs where status in ('pending', 'running')
          union select run_id, status from ${s}.runs where completed_at >= $1`,
        values: [from],
      }),
    );
    const hooks = await retryOnDisconnect(() =>
      ctx.pool.query<{ token: string }>({ name: `${s}.catch-up-hooks`, text: `select token from ${s}.hooks where created_at >= $1`, values: [from] }),
    );
    for (const row of runs.rows) ctx.emit({ type: "run", runId: row.run_id, ended: isTerminalStatus(row.status) });
    for (const row of hooks.rows) ctx.emit({ type: "hook", token: row.token });
    debug("caught up %d runs and %d hooks changed since %d", runs.rows.length, hooks.rows.length, from);
  } catch (error) {
    // The database went away again: the next reconnect catches up from the earlier `since`.
    debug("catching up on missed changes failed: %O", error);
    throw error;
  }
}
