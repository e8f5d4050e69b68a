import { randomFillSync } from "node:crypto";

/** Crockford base32, the ULID alphabet (no I, L, O, U). */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const TIME_LENGTH = 10;
const RANDOM_LENGTH = 16;
const ULID_RE = /^[0-9A-HJKMNP-TV-Z]{26}$/;
/** Random bytes drawn from the CSPRNG at once: one call serves 256 new milliseconds instead of one. */
const RANDOM_POOL_BYTES = RANDOM_LENGTH * 256;

/** A ULID generator: 48-bit ms time + 80 random bits, strictly increasing for one generator. */
export interface UlidGenerator {
  /** Returns a ULID greater than every ULID this generator returned before and greater than `after`. */
  next(now?: number, after?: string): string;
}

/** Creates a monotonic ULID generator backed by the CSPRNG of `node:crypto`. */
export function createUlidGenerator(): UlidGenerator {
  let last = "";
  const pool = new Uint8Array(RANDOM_POOL_BYTES);
  let used = RANDOM_POOL_BYTES;
  return {
    next(now = Date.now(), after) {
      const floor = after !== undefined && after > last ? after : last;
      let candidate: string;
      if (floor !== "" && decodeTime(floor) >= now) {
        // Same (or earlier) millisecond as the floor: increment its random part, keeping order.
        candidate = increment(floor);
      } else {
        if (used === RANDOM_POOL_BYTES) {
          randomFillSync(pool);
          used = 0;
        }
        let tail = "";
        for (let i = used; i < used + RANDOM_LENGTH; i++) tail += ALPHABET[pool[i] & 31];
        used += RANDOM_LENGTH;
        candidate = encodeTime(now) + tail;
      }
      last = candidate;
      return candidate;
    },
  };
}

/** True when `value` is a well-formed ULID (26 Crockford base32 characters, upper case). */
export function isUlid(value: string): boolean {
  return ULID_RE.test(value) && value[0] <= "7";
}

/** The millisecond timestamp a ULID encodes. */
export function decodeTime(ulid: string): number {
  let time = 0;
  for (let i = 0; i < TIME_LENGTH; i++) time = time * 32 + ALPHABET.indexOf(ulid[i]);
  return time;
}

function encodeTime(now: number): string {
  let out = "";
  let rest = Math.floor(now);
  for (let i = 0; i < TIME_LENGTH; i++) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function increment(ulid: string): string {
  // Trailing "Z"s roll over to "0" and carry into the first digit before them.
  for (let i = ulid.length - 1; i >= TIME_LENGTH; i--) {
    const digit = ALPHABET.indexOf(ulid[i]);
    if (digit < 31) return ulid.slice(0, i) + ALPHABET[digit + 1] + ALPHABET[0].repeat(ulid.length - 1 - i);
  }
  // 80 random bits exhausted within one millisecond: move to the next millisecond.
  return encodeTime(decodeTime(ulid) + 1) + ALPHABET[0].repeat(RANDOM_LENGTH);
}
