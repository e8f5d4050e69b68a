import type { CompiledWorkflowBundle } from "./compile-workflow-bundle.ts";
import { createSandbox, type Sandbox } from "./create-sandbox.ts";

/**
 * Keeps a few sandboxes of the current bundle version ready (realm created, bundle evaluated), so starting
 * or rebuilding a run does not pay for it on the critical path. Refills happen on `setImmediate`.
 * @example const pool = createSandboxPool({ size: 2 }); const sandbox = pool.take(bundle);
 */
export function createSandboxPool(options: { size?: number } = {}) {
  const size = Math.max(0, options.size ?? 2);
  let version: string | undefined;
  let ready: Sandbox[] = [];
  let refillScheduled = false;

  const refill = (bundle: CompiledWorkflowBundle) => {
    if (refillScheduled || size === 0) return;
    refillScheduled = true;
    setImmediate(() => {
      refillScheduled = false;
      if (bundle.version !== version) return;
      while (ready.length < size) ready.push(createSandbox(bundle));
    }).unref();
  };

  return {
    /** Prepares sandboxes of `bundle` in the background. */
    warm(bundle: CompiledWorkflowBundle): void {
      if (bundle.version !== version) {
        version = bundle.version;
        ready = [];
      }
      refill(bundle);
    },
    /** A fresh sandbox of `bundle` (never handed out twice). */
    take(bundle: CompiledWorkflowBundle): Sandbox {
      if (bundle.version !== version) {
        version = bundle.version;
        ready = [];
      }
      const sandbox = ready.pop() ?? createSandbox(bundle);
      refill(bundle);
      return sandbox;
    },
  };
}
