import { WorkflowError } from "../errors/workflow-error.ts";
import { HOST_API, type HostApi } from "../public/host-api.ts";
import type { Runtime } from "./create-runtime.ts";

/** Process-wide slot, keyed by a global symbol so every copy of this module (dev server, tests) shares it. */
const RUNTIME_SLOT = Symbol.for("vite-workflow.runtime");
/** Process-wide slot of the function that creates the runtime on first use, when nothing set one. */
const INSTALLER_SLOT = Symbol.for("vite-workflow.runtime-installer");

/** Creates, starts and returns the process runtime; called at most once, by the first `getRuntime()`. */
export type RuntimeInstaller = () => Runtime;

type Host = { [RUNTIME_SLOT]?: Runtime; [HOST_API]?: HostApi; [INSTALLER_SLOT]?: RuntimeInstaller };

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

/**
 * Registers how to create the runtime when `getRuntime()` finds none: a server built without Nitro (an
 * SSR build, a Rollup/webpack/esbuild bundle) starts workflows on first use of `start()` or the routes
 * instead of at import time, so importing server code (prerendering, tests) opens no world. A runtime set
 * with `setRuntime` always wins. `undefined` clears it.
 * @example setRuntimeInstaller(() => createRuntime({ world, workflowBundle }));
 */
export function setRuntimeInstaller(installer: RuntimeInstaller | undefined): void {
  (globalThis as Host)[INSTALLER_SLOT] = installer;
}

/** Whether a runtime is set, without installing one. */
export function hasRuntime(): boolean {
  return (globalThis as Host)[RUNTIME_SLOT] !== undefined;
}

/**
 * The runtime set by `setRuntime`, else the one the registered installer creates (once); throws a
 * configuration error when there is neither.
 */
export function getRuntime(): Runtime {
  const host = globalThis as Host;
  const installer = host[INSTALLER_SLOT];
  if (!host[RUNTIME_SLOT] && installer) {
    host[INSTALLER_SLOT] = undefined;
    setRuntime(installer());
  }
  const runtime = host[RUNTIME_SLOT];
  if (!runtime) {
    throw new WorkflowError(
      "ERR_RUNTIME_NOT_CONFIGURED",
      "No workflow runtime is running in this process. Add the `workflow()` plugin to your Vite config (dev) or the vite-workflow Nitro module (production), or call `setRuntime(createRuntime(...))` from `vite-workflow/runtime`.",
    );
  }
  return runtime;
}
