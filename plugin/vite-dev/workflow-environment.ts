import { createRunnableDevEnvironment, type EnvironmentOptions } from "vite";

/**
 * Name of the dev environment that loads workflow and step files in the dev server's own thread.
 * A dedicated environment keeps step loading independent of whatever the app does with `ssr`
 * (Nitro, for instance, may move `ssr` into a worker thread).
 */
export const WORKFLOW_ENVIRONMENT = "workflow";

/**
 * Options of the `workflow` environment: a server consumer with a module runner in this thread. Its
 * runner has no HMR client; the dev-server plugin re-imports edited files itself, so a step edit never
 * races a runner-side reload.
 */
export function createWorkflowEnvironmentOptions(): EnvironmentOptions {
  return {
    consumer: "server",
    dev: {
      createEnvironment: (name, config) => createRunnableDevEnvironment(name, config, { runnerOptions: { hmr: false } }),
    },
  };
}
