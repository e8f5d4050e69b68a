/** A seeded pseudo-random generator: the same seed always yields the same sequence. */
export interface Prng {
  /** A float in [0, 1), like `Math.random()`. */
  next(): number;
  /** Fills `bytes` with pseudo-random bytes, like `crypto.getRandomValues()`. */
  fillBytes(bytes: Uint8Array): void;
}

/**
 * Creates the sandbox's deterministic random source (sfc32, seeded by hashing `seed` with cyrb128).
 * Not cryptographically secure: it only has to reproduce a run's randomness on replay.
 * @example createPrng("run-seed").next() // same number on every execution of the run
 */
export function createPrng(seed: string): Prng {
  let [a, b, c, d] = hashSeed(seed);
  const nextUint32 = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Discard the first outputs: sfc32 needs a few rounds to mix a low-entropy state.
  for (let i = 0; i < 12; i++) nextUint32();
  return {
    next: () => nextUint32() / 4294967296,
    fillBytes(bytes) {
      for (let i = 0; i < bytes.length; i += 4) {
        let word = nextUint32();
        for (let j = i; j < Math.min(i + 4, bytes.length); j++) {
          bytes[j] = word & 0xff;
          word >>>= 8;
        }
      }
    },
  };
}

/** cyrb128: a fast 128-bit string hash, enough to spread a seed over sfc32's four words. */
function hashSeed(seed: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < seed.length; i++) {
    const k = seed.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
