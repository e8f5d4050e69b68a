/** Default number of delivery ids remembered at once. */
export const MAX_REMEMBERED_DELIVERIES = 50_000;

/** Options of `createDeliveryIdStore`. */
export interface DeliveryIdStoreOptions {
  /** How long after its signing time an id must be remembered: the accepted signature age. */
  windowMs: number;
  /** Most ids held at once. Default: `MAX_REMEMBERED_DELIVERIES`. */
  maxEntries?: number;
}

/** Outcome of `claim`: accepted once, or why not. */
export type DeliveryClaim = "accepted" | "replayed" | "expired";

/** Remembers the delivery ids this process accepted, so a replayed signed delivery is refused. */
export interface DeliveryIdStore {
  /**
   * Records `id` (signed at `timestamp`) as used. `"replayed"` when it was already accepted; `"expired"`
   * when the store had to forget ids signed at or after `timestamp` to stay within `maxEntries`, so it can
   * no longer tell a replay from a first delivery.
   */
  claim(id: string, timestamp: number, now: number): DeliveryClaim;
  /** Ids held now. */
  readonly size: number;
}

/**
 * A per-process, bounded memory of accepted delivery ids. An id is dropped once its signature is older than
 * `windowMs`: from then on the signature's age alone refuses a replay. When more than `maxEntries` ids are
 * live, the oldest-inserted are forgotten and every delivery signed no later than a forgotten one is refused
 * as `"expired"`, so memory stays bounded without ever letting a replay through.
 *
 * Being in memory, it does not protect across processes: a delivery replayed to ANOTHER server instance
 * within the window is accepted there once.
 * @example const store = createDeliveryIdStore({ windowMs: SIGNATURE_MAX_AGE_MS });
 */
export function createDeliveryIdStore(options: DeliveryIdStoreOptions): DeliveryIdStore {
  const maxEntries = options.maxEntries ?? MAX_REMEMBERED_DELIVERIES;
  // Insertion order is close to signing order; `floor` is the newest signing time ever forgotten early.
  const seen = new Map<string, number>();
  let floor = -Infinity;

  function dropExpired(now: number): void {
    for (const [id, timestamp] of seen) {
      if (now - timestamp <= options.windowMs) break;
      seen.delete(id);
    }
  }

  return {
    claim(id, timestamp, now) {
      dropExpired(now);
      if (seen.has(id)) return "replayed";
      if (timestamp <= floor) return "expired";
      seen.set(id, timestamp);
      while (seen.size > maxEntries) {
        const [oldest, signedAt] = seen.entries().next().value as [string, number];
        seen.delete(oldest);
        floor = Math.max(floor, signedAt);
      }
      return seen.has(id) ? "accepted" : "expired";
    },
    get size() {
      return seen.size;
    },
  };
}
