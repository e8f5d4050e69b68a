import type { CompiledWorkflowBundle } from "./compile-workflow-bundle.ts";
import { createSandbox, type Sandbox } from "./create-sandbox.ts";

/**
 * Keeps a few sandboxes of the current bundle version ready (realm created, bundle evaluated), so starting
 * or rebuilding a run does not pay for it on the critical path. Refills happen on `setImmediate`, one
 * sandbox per macrotask.
 * @example const pool = createSandboxPool({ size: 2 }); const sandbox = pool.take(bundle);
 */
export function createSandboxPool(options: { size?: number } = {}) {
  const size = Math.max(0, options.size ?? 2);
  let current: CompiledWorkflowBundle | undefined;
  let ready: Sandbox[] = [];
  let refillScheduled = false;

  const use = (bundle: CompiledWorkflowBundle) => {
    if (bundle.version !== current?.version) ready = [];
    current = bundle;
  };

  // One sandbox per macrotask: I/O callbacks that became ready meanwhile (a run's write completing) run in
  // between instead of waiting for the whole pool to refill.
  const refill = () => {
    if (refillScheduled || !current || ready.length >= size) return;
    refillScheduled = true;
    setImmediate(() => {
      refillScheduled = false;
      if (!current || ready.length >= size) return;
      ready.push(createSandbox(current));
      refill();
    }).unref();
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
      const sandbox = ready.pop() ?? createSandbox(bundle);
      refill();
      return sandbox;
    },
  };
}
