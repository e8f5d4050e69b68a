import { isAbsolute, resolve } from "node:path";

/** Options of the embedding: how a server built without Nitro gets its workflows. */
export interface WorkflowEmbedOptions {
  /**
   * Directories, relative to the root, scanned for files with `"use workflow"` or `"use step"`; each one
   * found is kept in the server bundle and its workflows go into the workflow bundle.
   * @default ["workflows"]
   */
  dirs?: string[];
  /**
   * Embed the workflow bundle in the server output and start the runtime on first use of `start()` (or the
   * well-known routes served by `vite-workflow/node`). In Vite: for every server (SSR) build that is not
   * Nitro's (Nitro's module does it there). `false`: the transform only; start the runtime yourself.
   * @default true
   */
  embed?: boolean;
  /**
   * Resolve the bare specifiers `workflow` and `workflow/api` to this package, so code written from the
   * Workflow DevKit docs runs unchanged.
   * @default true
   */
  compat?: boolean;
}

/** `WorkflowEmbedOptions` with defaults applied and directories made absolute. */
export interface ResolvedEmbedOptions {
  root: string;
  dirs: string[];
  embed: boolean;
  compat: boolean;
}

/**
 * Applies the defaults against the project root.
 * @example resolveEmbedOptions({}, "/app").dirs // ["/app/workflows"]
 */
export function resolveEmbedOptions(options: WorkflowEmbedOptions, root: string): ResolvedEmbedOptions {
  if (options.dirs !== undefined && (!Array.isArray(options.dirs) || options.dirs.some((dir) => typeof dir !== "string"))) {
    throw new TypeError(`vite-workflow: the option "dirs" must be an array of directory paths, not ${JSON.stringify(options.dirs)}.`);
  }
  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(root, path));
  return {
    root,
    dirs: (options.dirs ?? ["workflows"]).map(absolute),
    embed: options.embed ?? true,
    compat: options.compat ?? true,
  };
}
