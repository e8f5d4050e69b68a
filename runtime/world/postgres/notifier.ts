import type pg from "pg";
import { debug } from "./postgres-debug.ts";

/** Sends change notices after the writes they announce have committed. */
export interface Notifier {
  /**
   * Queues a notice; notices queued together go out in one statement. A `lazy` notice may wait up to
   * `LAZY_NOTICE_MS` for others to share its statement (or goes with the next eager one).
   */
  send(payload: string, lazy?: boolean): void;
  /** Resolves once every notice queued so far was sent (or given up on). */
  flush(): Promise<void>;
}

/** A notice batch that fails (the database is away) is tried again this many times, then dropped. */
const MAX_TRIES = 5;
/**
 * How long a lazy notice (a run that moved on without ending) may wait for company: a run taking a step
 * every millisecond or two then costs one NOTIFY per few steps instead of one per step.
 */
export const LAZY_NOTICE_MS = 10;

/**
 * Batches NOTIFYs into their own statement, outside the write transactions. A transaction that notifies holds
 * PostgreSQL's notify lock from before its commit record until after it is flushed, so notifying writes commit
 * one at a time; a notify-only statement writes no commit record, so it holds that lock only briefly, and the
 * writes themselves keep sharing WAL flushes. Readers never depend on a notice alone: stream tails re-check
 * after a reconnect and on an idle timer, and run waiters re-read the run's summary.
 */
export function createNotifier(pool: pg.Pool, channel: string): Notifier {
  let pending = new Set<string>();
  let sending: Promise<void> | undefined;
  let lazyTimer: NodeJS.Timeout | undefined;
  /** Some pending notice may not wait for the lazy timer. */
  let eager = false;
  const due = () => pending.size > 0 && (eager || lazyTimer === undefined);

  async function drain(): Promise<void> {
    let tries = 0;
    while (due()) {
      const batch = [...pending];
      pending = new Set();
      eager = false;
      clearTimeout(lazyTimer);
      lazyTimer = undefined;
      try {
        await pool.query({ name: `${channel}.notify`, text: "select pg_notify($1, p) from unnest($2::text[]) p", values: [channel, batch] });
        tries = 0;
      } catch (error) {
        debug("sending %d change notices failed: %O", batch.length, error);
        if (++tries >= MAX_TRIES) return;
        for (const payload of batch) pending.add(payload);
        eager = true;
        await new Promise((resolve) => setTimeout(resolve, 100 * tries));
      }
    }
  }

  function kick(): void {
    sending ??= new Promise<void>((resolve) => setImmediate(resolve)).then(drain).finally(() => {
      sending = undefined;
      if (due()) kick();
    });
  }

  function send(payload: string, lazy = false): void {
    pending.add(payload);
    if (!lazy) {
      eager = true;
      return kick();
    }
    lazyTimer ??= setTimeout(() => {
      lazyTimer = undefined;
      kick();
    }, LAZY_NOTICE_MS);
  }

  return {
    send,
    async flush() {
      if (pending.size > 0) {
        eager = true;
        kick();
      }
      for (let current = sending; current; current = sending) await current;
    },
  };
}
