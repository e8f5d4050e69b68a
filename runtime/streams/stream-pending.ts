/**
 * Work a step (or `start()`) must see finished before its outcome is recorded: pipes of streams passed by
 * reference into the store, and the unflushed writes of writables it used. A promise is awaited once; a
 * function is a barrier asked again at every `settle()` (a writable still in use may get more writes).
 */
export interface StreamPending {
  /** Adds a promise to await, or a barrier function returning one. */
  track(work: Promise<unknown> | (() => Promise<unknown>)): void;
  /**
   * Resolves once every tracked promise and barrier has settled, including work tracked meanwhile;
   * rejects with the first failure (a store write that failed: the chunks are not durable).
   */
  settle(): Promise<void>;
}

/**
 * Creates the collector the engine passes to the stream serialization rows and step writables, and awaits
 * before appending `step_completed`, so every chunk the step produced is durable first.
 * @example const pending = createStreamPending(); …; await pending.settle();
 */
export function createStreamPending(): StreamPending {
  let promises: Promise<unknown>[] = [];
  const barriers: Array<() => Promise<unknown>> = [];
  return {
    track(work) {
      if (typeof work === "function") barriers.push(work);
      else {
        // Observed here so an early rejection is never reported as unhandled; settle() reports it.
        work.catch(() => undefined);
        promises.push(work);
      }
    },
    async settle() {
      let failure: { error: unknown } | undefined;
      for (;;) {
        const round = [...promises, ...barriers.map((barrier) => Promise.resolve().then(barrier))];
        promises = [];
        const results = await Promise.allSettled(round);
        for (const result of results) if (result.status === "rejected" && !failure) failure = { error: result.reason };
        if (promises.length === 0) break;
      }
      if (failure) throw failure.error;
    },
  };
}
