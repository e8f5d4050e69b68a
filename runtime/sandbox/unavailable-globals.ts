import { SandboxApiUnavailableError } from "../errors/context-errors.ts";
import { FetchInWorkflowError } from "../errors/documented-errors.ts";
import type { WorkflowError } from "../errors/workflow-error.ts";

const USE_SLEEP = 'use `sleep()` from "workflow" to wait durably, or move the code into a step function ("use step")';
const USE_STEP = 'move the code into a step function ("use step"), which runs with full Node.js access';

/** Host globals that do not exist in workflow functions, each with what to use instead. */
export const UNAVAILABLE_GLOBALS: Record<string, string> = {
  setTimeout: USE_SLEEP,
  setInterval: `${USE_SLEEP}; repeat with a loop around \`await sleep(...)\``,
  setImmediate: USE_SLEEP,
  clearTimeout: USE_SLEEP,
  clearInterval: USE_SLEEP,
  clearImmediate: USE_SLEEP,
  process: `${USE_STEP}; read environment variables in a step and pass them on as values`,
  require: `import modules at the top of the file; Node.js built-ins can only be used inside step functions`,
  Buffer: `use Uint8Array, TextEncoder/TextDecoder or atob/btoa, or ${USE_STEP}`,
  performance: `use Date.now() (the workflow clock), or ${USE_STEP}`,
};

/** The error a sandbox stub throws when workflow code touches an unavailable global. */
export function unavailableGlobalError(name: string): WorkflowError {
  if (name === "fetch") return new FetchInWorkflowError();
  return new SandboxApiUnavailableError(name, UNAVAILABLE_GLOBALS[name]);
}

/**
 * Builds a stub for an unavailable global: calling it, constructing it or reading any property throws
 * `unavailableGlobalError(name)`. `typeof` still reports "function", so feature checks fail loudly, not silently.
 */
export function createUnavailableStub(name: string): unknown {
  const fail = (): never => {
    throw unavailableGlobalError(name);
  };
  // A plain function target, so `new X()` and calls both reach the traps.
  return new Proxy(Object.defineProperty(function unavailable() {}, "name", { value: name }), {
    apply: fail,
    construct: fail,
    get(_target, key) {
      if (key === Symbol.toPrimitive || key === Symbol.toStringTag || key === "toString") {
        return () => `[unavailable ${name}]`;
      }
      return fail();
    },
    set: fail,
    has: () => false,
  });
}
