import { fileURLToPath } from "node:url";
import { buildServerParts, type ServerParts } from "../bundle/build-server-parts.ts";
import { workflowTransform } from "../unplugin.ts";
import { generateRuntimePlugin } from "./generate-runtime-plugin.ts";
import { resolveNitroOptions, type WorkflowNitroOptions } from "./resolve-nitro-options.ts";

export type { WorkflowNitroOptions };

/** The part of a Nitro instance the module touches (typed here so the package does not depend on Nitro). */
export interface NitroLike {
  options: {
    dev: boolean;
    builder?: string;
    rootDir: string;
    serverDir?: string | false;
    alias: Record<string, string>;
    virtual: Record<string, string | (() => string | Promise<string>)>;
    plugins: string[];
    handlers: Array<{ route?: string; method?: string; handler: string }>;
    traceDeps?: Array<string | RegExp>;
  };
  hooks: { hook(name: string, handler: (...args: any[]) => unknown): unknown };
  logger?: { info(message: string): void };
}

/** A Nitro module: what `modules: [...]` in nitro.config.ts accepts. */
export interface WorkflowNitroModule {
  name: string;
  setup(nitro: NitroLike): Promise<void> | void;
}

/** Prefix of the routes the module mounts. */
const WELL_KNOWN_BASE = "/.well-known/workflow/v1";
const RUNTIME_PLUGIN_ID = "#vite-workflow/runtime-plugin";
/**
 * The PostgreSQL world's driver and queue stay packages of the output (traced into its node_modules) instead of
 * being bundled: the queue's configuration loader reaches TypeScript's compiler, which does not run bundled as ESM.
 */
const TRACED_DEPENDENCIES = ["pg", "graphile-worker"];

const EXT = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
const here = (path: string) => fileURLToPath(new URL(path + EXT, import.meta.url));
const INSTALLER = here("./runtime/install-production-runtime");
const HANDLER = here("./runtime/well-known-handler");

/**
 * The Nitro module for production builds (`nitro build`, or `vite build` with Nitro's Vite plugin):
 * - compiles `"use step"` / `"use workflow"` in server code (step mode) through the Rollup adapter, and
 *   aliases `workflow` / `workflow/api` to this package (with Vite, the `workflow()` plugin does both);
 * - builds the workflow bundle from the workflow dirs at build time and embeds it in the server;
 * - adds a runtime plugin that imports every workflow and step module, opens the world, starts the
 *   runtime and recovers unfinished runs when the server starts;
 * - mounts `/.well-known/workflow/v1/flow`, `/step` (signed deliveries) and `/webhook/:token`.
 * In development it does nothing: `vite dev` runs workflows in the dev server.
 * @example
 * // nitro.config.ts
 * import { defineConfig } from "nitro";
 * import { workflowNitro } from "vite-workflow/nitro";
 * export default defineConfig({ modules: [workflowNitro()] });
 */
export function workflowNitro(options: WorkflowNitroOptions = {}): WorkflowNitroModule {
  return {
    name: "vite-workflow",
    setup(nitro) {
      const viaVite = nitro.options.builder === "vite";
      if (nitro.options.dev && viaVite) return;
      const resolved = resolveNitroOptions(options, nitro.options);
      let built: ServerParts | undefined;

      if (!viaVite) {
        if (resolved.compat) {
          nitro.options.alias.workflow ??= "vite-workflow";
          nitro.options.alias["workflow/api"] ??= "vite-workflow/api";
        }
        nitro.hooks.hook("rollup:before", (_nitro: unknown, config: { plugins?: unknown[] }) => {
          config.plugins = [workflowTransform.rollup({ mode: "step", root: resolved.root }), ...(config.plugins ?? [])];
        });
      }

      nitro.hooks.hook("build:before", async () => {
        built = await buildServerParts({ root: resolved.root, dirs: resolved.dirs });
        nitro.logger?.info(`vite-workflow: ${built.bundle.workflowIds.length} workflows from ${built.modules.length} modules`);
      });

      nitro.options.virtual[RUNTIME_PLUGIN_ID] = () => {
        if (!built) throw new Error("vite-workflow: the workflow bundle was not built (the build:before hook did not run).");
        return generateRuntimePlugin({ installer: INSTALLER, modules: built.modules, bundle: built.bundle, deliveries: resolved.deliveries });
      };
      if (!nitro.options.plugins.includes(RUNTIME_PLUGIN_ID)) nitro.options.plugins.push(RUNTIME_PLUGIN_ID);
      const traced = (nitro.options.traceDeps ??= []);
      for (const name of TRACED_DEPENDENCIES) if (!traced.includes(name)) traced.push(name);

      const routes = [
        ...(resolved.deliveries === "off" ? [] : [{ route: `${WELL_KNOWN_BASE}/flow`, method: "post" }, { route: `${WELL_KNOWN_BASE}/step`, method: "post" }]),
        { route: `${WELL_KNOWN_BASE}/webhook/:token` },
      ];
      for (const route of routes) {
        if (!nitro.options.handlers.some((handler) => handler.route === route.route && handler.handler === HANDLER)) {
          nitro.options.handlers.push({ ...route, handler: HANDLER });
        }
      }
    },
  };
}

