import type { Prng } from "./create-prng.ts";

/**
 * The mutable state behind a sandbox's deterministic globals. The engine moves `now` forward as the run
 * consumes events; `Date`, `Math.random` and `crypto` inside the sandbox read only from here.
 */
export interface SandboxState {
  /** The workflow clock in ms since the epoch (what `Date.now()` returns inside the sandbox). */
  now: number;
  /** The run's seeded random source. */
  prng: Prng;
  /** True while recorded events are re-applied: `console` output is muted so logs are not repeated. */
  replaying: boolean;
}
