import type pg from "pg";
import { debug } from "./postgres-debug.ts";

/** Sends change notices after the writes they announce have committed. */
export interface Notifier {
  /** Queues a notice; notices queued together go out in one statement. */
  send(payload: string): void;
  /** Resolves once every notice queued so far was sent (or given up on). */
  flush(): Promise<void>;
}

/** A notice batch that fails (the database is away) is tried again this many times, then dropped. */
const MAX_TRIES = 5;

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

  async function drain(): Promise<void> {
    let tries = 0;
    while (pending.size > 0) {
      const batch = [...pending];
      pending = new Set();
      try {
        await pool.query({ name: `${channel}.notify`, text: "select pg_notify($1, p) from unnest($2::text[]) p", values: [channel, batch] });
        tries = 0;
      } catch (error) {
        debug("sending %d change notices failed: %O", batch.length, error);
        if (++tries >= MAX_TRIES) return;
        for (const payload of batch) pending.add(payload);
        await new Promise((resolve) => setTimeout(resolve, 100 * tries));
      }
    }
  }

  function send(payload: string): void {
    pending.add(payload);
    sending ??= new Promise<void>((resolve) => setImmediate(resolve)).then(drain).finally(() => {
      sending = undefined;
      if (pending.size > 0) send([...pending][0]);
    });
  }

  return {
    send,
    async flush() {
      for (let current = sending; current; current = sending) await current;
    },
  };
}
