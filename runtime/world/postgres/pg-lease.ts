/** Claims confirmed at most; past that the map is cleared (the next confirmations ask the database). */
const MAX_CONFIRMED = 10_000;

/**
 * This instance's lease as seen from its own clock, to tell whether its claims held without a gap.
 *
 * The lease runs `leaseMs` from the renewal's statement on the database's clock; counted here from the moment
 * the statement was sent (earlier), less `marginMs`, it ends before any other instance can see it expired. Each
 * gap (a renewal that completed after that end, or none at all) starts a new epoch: claims confirmed in an
 * earlier epoch may have been taken over meanwhile and must be confirmed again.
 */
export interface LeaseClock {
  /** Wraps one renewal statement: records its send time once it succeeded. */
  renewing<T>(renewal: () => Promise<T>): Promise<T>;
  /** True while the lease counts as held (see above). */
  held(): boolean;
  /** Resolves after the next successful renewal (or `stop`). */
  nextRenewal(): Promise<void>;
  /** The current epoch. */
  readonly epoch: number;
  /** Records that `runId`'s claim was `self`'s in `epoch`. */
  confirmed(runId: string, epoch: number): void;
  /** True when `runId`'s claim was confirmed in the current epoch and the lease is held. */
  isConfirmed(runId: string): boolean;
  /** Drops `runId`'s confirmation (released). */
  forget(runId: string): void;
  /** Lets every waiter of `nextRenewal` go (the owner stops renewing). */
  stop(): void;
}

export function createLeaseClock(options: { leaseMs: number; marginMs: number; now?: () => number }): LeaseClock {
  const now = options.now ?? (() => performance.now());
  let sentAt = Number.NEGATIVE_INFINITY;
  let epoch = 0;
  let waiters: Array<() => void> = [];
  const confirmedIn = new Map<string, number>();
  const ends = () => sentAt + options.leaseMs - options.marginMs;
  const wake = () => {
    const waiting = waiters;
    waiters = [];
    for (const resolve of waiting) resolve();
  };

  return {
    async renewing(renewal) {
      const sending = now();
      const result = await renewal();
      if (now() >= ends()) epoch++;
      sentAt = sending;
      wake();
      return result;
    },
    held: () => now() < ends(),
    nextRenewal: () => new Promise<void>((resolve) => waiters.push(resolve)),
    get epoch() {
      return epoch;
    },
    confirmed(runId, at) {
      if (confirmedIn.size >= MAX_CONFIRMED && !confirmedIn.has(runId)) confirmedIn.clear();
      confirmedIn.set(runId, at);
    },
    isConfirmed: (runId) => confirmedIn.get(runId) === epoch && now() < ends(),
    forget: (runId) => void confirmedIn.delete(runId),
    stop: wake,
  };
}
