/**
 * Host-side functions the pure `workflow` module reaches through a global, so it never imports the engine:
 * the runtime installs them when it is created (see `runtime/engine/default-runtime.ts`).
 */
export const HOST_API: unique symbol = Symbol.for("vite-workflow.hostApi") as never;

/** What the runtime installs under `HOST_API`. */
export interface HostApi {
  resumeHook(token: string, payload: unknown): Promise<{ runId: string; token: string; hookId: string }>;
}

/** The installed host API, or undefined inside the sandbox or before any runtime exists. */
export function currentHostApi(): HostApi | undefined {
  return (globalThis as { [HOST_API]?: HostApi })[HOST_API];
}
