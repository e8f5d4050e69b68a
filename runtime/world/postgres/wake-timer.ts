/** setTimeout's limit is 2^31-1 ms; a further-away due time is re-armed when this shorter timer fires. */
const MAX_TIMER_MS = 2 ** 30;
/** Fire this long after the due time, so the job is due on the database's side too. */
const LATE_MS = 1;

/** One timer for the earliest due time this instance knows of. */
export interface WakeTimer {
  /** Makes sure a wake happens at `dueAt` (an earlier armed time stays). */
  arm(dueAt: number): void;
  /** Starts: looks up the next due time and arms for it. */
  start(): void;
  stop(): void;
  /** Looks up the next due time again, while started. */
  resync(): void;
}

/**
 * Millisecond timers for a polling job runner: `wake` runs at the earliest due time armed, then `nextDue`
 * (the earliest due time still waiting in the store) re-arms it. Between the two, a sleep wakes on time
 * instead of at the runner's next poll; the job itself stays the durable record.
 */
export function createWakeTimer(options: { wake(): void; nextDue(): Promise<number | undefined> }): WakeTimer {
  let timer: NodeJS.Timeout | undefined;
  let armedAt = Infinity;
  let active = false;

  function arm(dueAt: number): void {
    if (!active || !Number.isFinite(dueAt) || dueAt >= armedAt) return;
    if (timer) clearTimeout(timer);
    armedAt = dueAt;
    timer = setTimeout(fire, Math.min(Math.max(0, dueAt - Date.now() + LATE_MS), MAX_TIMER_MS));
    timer.unref();
  }

  function fire(): void {
    timer = undefined;
    const due = armedAt;
    armedAt = Infinity;
    if (!active) return;
    if (due > Date.now()) {
      arm(due);
      return;
    }
    options.wake();
    void refresh();
  }

  async function refresh(): Promise<void> {
    try {
      const next = await options.nextDue();
      if (next !== undefined) arm(next);
    } catch {
      // The database is away; the runner's own polling picks the jobs up once it is back.
    }
  }

  return {
    arm,
    start() {
      active = true;
      void refresh();
    },
    resync() {
      if (active) void refresh();
    },
    stop() {
      active = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      armedAt = Infinity;
    },
  };
}
