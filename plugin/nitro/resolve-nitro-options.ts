import { isAbsolute, resolve } from "node:path";

/** How the production server accepts flow and step deliveries at `/.well-known/workflow/v1/{flow,step}`. */
export type DeliveriesMode = "signed" | "off";

/** Options of the Nitro module. Every field is optional. */
export interface WorkflowNitroOptions {
  /**
   * Directories scanned for files with `"use workflow"` or `"use step"`, relative to Nitro's `rootDir`.
   * `workflows/` under the server dir is scanned too.
   * @default ["workflows"]
   */
  dirs?: string[];
  /**
   * `"signed"`: the flow and step routes accept deliveries signed with `WORKFLOW_SECRET` (an
   * `x-workflow-signature` HMAC header) and the server refuses to start without that secret.
   * `"off"`: the routes are not mounted; runs execute in the server's own process only, no secret needed.
   * The webhook route is mounted either way.
   * @default "signed"
   */
  deliveries?: DeliveriesMode;
  /**
   * Resolve the bare specifiers `workflow` and `workflow/api` to this package, so code written from the
   * Workflow DevKit docs runs unchanged.
   * @default true
   */
  compat?: boolean;
}

/** `WorkflowNitroOptions` with defaults applied and directories made absolute. */
export interface ResolvedNitroOptions {
  root: string;
  dirs: string[];
  deliveries: DeliveriesMode;
  compat: boolean;
}

/** What the options are resolved against: the resolved Nitro options. */
export interface NitroDirs {
  rootDir: string;
  serverDir?: string | false;
}

/**
 * Applies the module's defaults against Nitro's directories.
 * @example resolveNitroOptions({}, { rootDir: "/app", serverDir: "/app/server" }).dirs // ["/app/workflows", "/app/server/workflows"]
 */
export function resolveNitroOptions(options: WorkflowNitroOptions, nitro: NitroDirs): ResolvedNitroOptions {
  const deliveries = options.deliveries ?? "signed";
  if (deliveries !== "signed" && deliveries !== "off") {
    throw new TypeError(`vite-workflow: the Nitro module option "deliveries" must be "signed" or "off", not ${JSON.stringify(deliveries)}.`);
  }
  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(nitro.rootDir, path));
  const dirs = (options.dirs ?? ["workflows"]).map(absolute);
  if (!options.dirs && typeof nitro.serverDir === "string") dirs.push(resolve(absolute(nitro.serverDir), "workflows"));
  return { root: nitro.rootDir, dirs: [...new Set(dirs)], deliveries, compat: options.compat ?? true };
}
