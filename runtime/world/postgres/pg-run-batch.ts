/**
 * Shares one query among the summary reads of one event-loop turn: a page polling a run asks for its
 * status, times and outcome at once, and concurrent pollers of many runs arrive together. Each id is read
 * once per batch (`where run_id = any($1)`); every caller gets its own copy of the summary.
 */
export function createRunBatcher<Row extends { run_id: string }, Summary>(options: {
  /** Reads the rows of `runIds` (some may be missing). */
  load(runIds: string[]): Promise<Row[]>;
  toSummary(row: Row): Summary;
}): (runId: string) => Promise<Summary | undefined> {
  const { load, toSummary } = options;
  let pending: Map<string, Array<{ resolve(summary: Summary | undefined): void; reject(error: unknown): void }>> | undefined;

  async function flush(batch: NonNullable<typeof pending>): Promise<void> {
    let rows: Row[];
    try {
      rows = await load([...batch.keys()]);
    } catch (error) {
      for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
      return;
    }
    const byId = new Map(rows.map((row) => [row.run_id, row]));
    for (const [runId, waiters] of batch) {
      const row = byId.get(runId);
      for (const waiter of waiters) waiter.resolve(row === undefined ? undefined : toSummary(row));
    }
  }

  return (runId) =>
    new Promise((resolve, reject) => {
      if (!pending) {
        const batch = new Map<string, Array<{ resolve(summary: Summary | undefined): void; reject(error: unknown): void }>>();
        pending = batch;
        // setImmediate, not a microtask: requests parsed in the same I/O phase join the batch too.
        setImmediate(() => {
          pending = undefined;
          void flush(batch);
        });
      }
      const waiters = pending.get(runId);
      if (waiters) waiters.push({ resolve, reject });
      else pending.set(runId, [{ resolve, reject }]);
    });
}
