import type { CompiledWorkflowBundle } from "./compile-workflow-bundle.ts";
import { createSandbox, type Sandbox } from "./create-sandbox.ts";

/** How many sandboxes a pool keeps at most, however large the bursts of starts it sees. */
const DEFAULT_MAX = 16;
/** After this long without a take that found the pool empty, it keeps only its minimum again. */
const DEFAULT_SHRINK_AFTER_MS = 60_000;

/**
 * Keeps sandboxes of the current bundle version ready (realm created, bundle evaluated), so starting or
 * rebuilding a run does not pay for it on the critical path (a realm costs most of a millisecond).
 *
 * The pool keeps `size` sandboxes, and more while starts come in bursts: each take that finds it empty
 * raises the number it keeps by one, up to `max`, so the next burst of that size finds its sandboxes ready.
 * Once `shrinkAfterMs` passed without such a take, it lets the extra ones go. Refills happen on
 * `setImmediate`, one sandbox per macrotask, so a run's I/O callbacks run in between.
 * @example const pool = createSandboxPool({ size: 2 }); const sandbox = pool.take(bundle);
 */
export function createSandboxPool(options: { size?: number; max?: number; shrinkAfterMs?: number; now?: () => number } = {}) {
  const size = Math.max(0, options.size ?? 2);
  const max = Math.max(size, options.max ?? DEFAULT_MAX);
  const shrinkAfterMs = options.shrinkAfterMs ?? DEFAULT_SHRINK_AFTER_MS;
  const now = options.now ?? Date.now;
  let current: CompiledWorkflowBundle | undefined;
  let ready: Sandbox[] = [];
  let target = size;
  let lastMissAt = 0;
  let refillScheduled = false;
  let shrinkTimer: NodeJS.Timeout | undefined;

  const use = (bundle: CompiledWorkflowBundle) => {
    if (bundle.version !== current?.version) ready = [];
    current = bundle;
  };

  // One sandbox per macrotask: I/O callbacks that became ready meanwhile (a run's write completing) run in
  // between instead of waiting for the whole pool to refill.
  const refill = () => {
    if (refillScheduled || !current || ready.length >= target) return;
    refillScheduled = true;
    setImmediate(() => {
      refillScheduled = false;
      if (!current || ready.length >= target) return;
      ready.push(createSandbox(current));
      refill();
    }).unref();
  };

  const shrinkWhenCalm = () => {
    if (shrinkTimer) return;
    shrinkTimer = setTimeout(function shrink() {
      const calmFor = now() - lastMissAt;
      if (calmFor < shrinkAfterMs) {
        shrinkTimer = setTimeout(shrink, shrinkAfterMs - calmFor).unref();
        return;
      }
      shrinkTimer = undefined;
      target = size;
      ready.length = Math.min(ready.length, size);
    }, shrinkAfterMs).unref();
  };

  return {
    /** Prepares sandboxes of `bundle` in the background. */
    warm(bundle: CompiledWorkflowBundle): void {
      use(bundle);
      refill();
    },
    /** A fresh sandbox of `bundle` (never handed out twice). */
    take(bundle: CompiledWorkflowBundle): Sandbox {
      use(bundle);
      let sandbox = ready.pop();
      if (!sandbox) {
        sandbox = createSandbox(bundle);
        lastMissAt = now();
        if (target < max) {
          target++;
          shrinkWhenCalm();
        }
      }
      refill();
      return sandbox;
    },
    /** How many sandboxes the pool currently aims to keep ready. */
    get target(): number {
      return target;
    },
  };
}
