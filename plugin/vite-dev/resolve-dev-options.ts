import { isAbsolute, resolve } from "node:path";
import { resolveDevWorld, type DevWorldOption, type ResolvedDevWorld } from "./resolve-dev-world.ts";

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
   * The World runs are stored in: a World, a factory for one, or a built-in world by name, e.g.
   * `{ target: "postgres", url: "postgres://localhost:5432/app", schema: "workflow" }` (no data dir is
   * used then). A World or factory overrides `dataDir`.
   * @default process.env.WORKFLOW_TARGET_WORLD ("postgres" reads WORKFLOW_POSTGRES_URL and
   * WORKFLOW_POSTGRES_SCHEMA), else the filesystem world in `dataDir`
   */
  world?: DevWorldOption;
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
  /** The store: a built-in world's settings, or the World (factory) given in the options. */
  world: ResolvedDevWorld;
  compat: boolean;
  devtools: boolean;
}

/**
 * Applies defaults to the dev options; the option beats the environment variable, which beats the default.
 * @example resolveDevOptions({}, "/app", {}).world // { target: "embedded", dataDir: "/app/.workflow-data" }
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
    world: resolveDevWorld(options.world, options.dataDir, root, env),
    compat: options.compat ?? true,
    devtools: options.devtools ?? true,
  };
}
