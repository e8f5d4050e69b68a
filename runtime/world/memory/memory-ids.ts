import { randomBytes } from "node:crypto";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * Returns a generator of ULIDs (26 Crockford base32 characters: 48 bits of time, then 80 random bits) that
 * sort in creation order, also within one millisecond (the random part is incremented then).
 * @example const ulid = createMemoryUlid(Date.now); `wrun_${ulid()}`
 */
export function createMemoryUlid(now: () => number): () => string {
  let lastTime = -1;
  let lastRandom: number[] = [];
  return () => {
    const time = Math.max(now(), lastTime);
    if (time === lastTime) lastRandom = increment(lastRandom);
    else lastRandom = [...randomBytes(16)].map((byte) => byte % 32);
    lastTime = time;
    let head = "";
    for (let rest = time, i = 0; i < 10; i++, rest = Math.floor(rest / 32)) head = CROCKFORD[rest % 32] + head;
    return head + lastRandom.map((digit) => CROCKFORD[digit]).join("");
  };
}

/** Adds one to a base-32 digit string (the last digit first). */
function increment(digits: number[]): number[] {
  const next = [...digits];
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i] < 31) {
      next[i]++;
      return next;
    }
    next[i] = 0;
  }
  return next;
}
