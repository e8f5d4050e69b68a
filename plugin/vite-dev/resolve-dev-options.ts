import { isAbsolute, resolve } from "node:path";
import type { World } from "../../runtime/world/world.ts";

/** Environment variable naming the embedded world's data directory; the plugin sets it for every thread it spawns. */
export const DATA_DIR_ENV = "WORKFLOW_EMBEDDED_DATA_DIR";

/** Options of the Vite dev-server integration. Every field is optional. */
export interface WorkflowDevOptions {
  /**
   * Directories, relative to the Vite root, scanned for files with `"use workflow"` or `"use step"`.
   * Their imports are followed through Vite's module graph.
   * @default ["workflows"]
   */
  dirs?: string[];
  /**
   * Data directory of the embedded filesystem world, relative to the Vite root.
   * @default process.env.WORKFLOW_EMBEDDED_DATA_DIR, else "<root>/.workflow-data"
   */
  dataDir?: string;
  /**
   * The World runs are stored in, or a factory for it. Overrides `dataDir`.
   * @default the filesystem world in `dataDir`
   */
  world?: World | (() => World | Promise<World>);
  /**
   * Resolve the bare specifiers `workflow` and `workflow/api` to this package, so code written from the
   * Workflow DevKit docs runs unchanged.
   * @default true
   */
  compat?: boolean;
  /**
   * Serve the devtools panel at `/__workflow/` (runs, steps, events, hooks, streams, live) and inject a
   * launcher button into the app's pages. Dev server only: nothing of it is part of a production build.
   * @default true
   */
  devtools?: boolean;
}

/** `WorkflowDevOptions` with defaults applied and paths made absolute. */
export interface ResolvedDevOptions {
  root: string;
  dirs: string[];
  dataDir: string;
  world?: WorkflowDevOptions["world"];
  compat: boolean;
  devtools: boolean;
}

/**
 * Applies defaults to the dev options; the option beats the environment variable, which beats the default.
 * @example resolveDevOptions({}, "/app", process.env).dataDir // "/app/.workflow-data"
 */
export function resolveDevOptions(
  options: WorkflowDevOptions,
  root: string,
  env: Record<string, string | undefined>,
): ResolvedDevOptions {
  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(root, path));
  return {
    root,
    dirs: (options.dirs ?? ["workflows"]).map(absolute),
    dataDir: absolute(options.dataDir ?? (env[DATA_DIR_ENV] || ".workflow-data")),
    world: options.world,
    compat: options.compat ?? true,
    devtools: options.devtools ?? true,
  };
}
