import { WorkflowError } from "../errors/workflow-error.ts";
import { HOST_API, type HostApi } from "../public/host-api.ts";
import type { Runtime } from "./create-runtime.ts";

/** Process-wide slot, keyed by a global symbol so every copy of this module (dev server, tests) shares it. */
const RUNTIME_SLOT = Symbol.for("vite-workflow.runtime");

type Host = { [RUNTIME_SLOT]?: Runtime; [HOST_API]?: HostApi };

/**
 * Makes `runtime` the one `workflow/api` (`start`, `getRun`, `resumeHook`, ...) uses in this process; the
 * Vite dev integration and the Nitro module call it. `undefined` clears it.
 * @example setRuntime(createRuntime({ world: createWorld(), workflowBundle }));
 */
export function setRuntime(runtime: Runtime | undefined): void {
  const host = globalThis as Host;
  host[RUNTIME_SLOT] = runtime;
  host[HOST_API] = runtime ? { resumeHook: (token, payload) => runtime.resumeHook(token, payload) } : undefined;
}

/** The runtime set by `setRuntime`; throws a configuration error when there is none. */
export function getRuntime(): Runtime {
  const runtime = (globalThis as Host)[RUNTIME_SLOT];
  if (!runtime) {
    throw new WorkflowError(
      "ERR_RUNTIME_NOT_CONFIGURED",
      "No workflow runtime is running in this process. Add the `workflow()` plugin to your Vite config (dev) or the vite-workflow Nitro module (production), or call `setRuntime(createRuntime(...))` from `vite-workflow/runtime`.",
    );
  }
  return runtime;
}
