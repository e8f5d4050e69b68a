/** Ended runs remembered at most; past that the oldest are forgotten (their release then asks the database). */
const MAX_ENDED = 10_000;

/**
 * What this instance knows about runs from its own writes, so it can skip statements whose answer it already
 * has:
 * - a run it is creating (inside `createRun`, before the creation is stored) is claimed by `self` in the
 *   creation's own statement: nobody else can hold a claim on an id that was never stored;
 * - a run whose terminal event it appended had its hook tokens and its owner claim removed by that append.
 */
export interface PgOwnWrites {
  /** `createRun` is about to store `runId`. */
  beginCreation(runId: string): void;
  /** True when `runId` is being created here; records that `self` claims it (see `endCreation`). */
  claimCreating(runId: string): boolean;
  /** The creation of `runId` is over (stored or not): whether `self` claimed it meanwhile. */
  endCreation(runId: string): boolean;
  /** This instance appended `runId`'s terminal event. */
  ended(runId: string): void;
  /** True when this instance appended `runId`'s terminal event (and has not forgotten it). */
  hasEnded(runId: string): boolean;
  /** Forgets that `runId` ended here; true when it had. */
  forgetEnded(runId: string): boolean;
}

export function createPgOwnWrites(): PgOwnWrites {
  const creating = new Map<string, boolean>();
  const ended = new Set<string>();
  return {
    beginCreation: (runId) => void creating.set(runId, false),
    claimCreating(runId) {
      if (!creating.has(runId)) return false;
      creating.set(runId, true);
      return true;
    },
    endCreation(runId) {
      const claimed = creating.get(runId) === true;
      creating.delete(runId);
      return claimed;
    },
    ended(runId) {
      if (ended.size >= MAX_ENDED) ended.delete(ended.values().next().value as string);
      ended.add(runId);
    },
    hasEnded: (runId) => ended.has(runId),
    forgetEnded: (runId) => ended.delete(runId),
  };
}
