import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Plugin } from "vite";
import { workflowBundlerPlugin } from "../embed/workflow-bundler-plugin.ts";
import { workflow, type WorkflowViteOptions } from "../vite.ts";

/** Options of the Nuxt module: the Vite plugin's, `dirs` and `dataDir` relative to Nuxt's `rootDir`. */
export type WorkflowNuxtOptions = Pick<WorkflowViteOptions, "dirs" | "dataDir" | "world" | "compat" | "devtools">;

/** The part of Nuxt the module touches (typed here so the package does not depend on Nuxt). */
export interface NuxtLike {
  options: { dev: boolean; rootDir: string; srcDir: string };
  hook(name: "vite:extendConfig", handler: (config: { plugins?: unknown[] }, env: { isClient: boolean }) => void): unknown;
  hook(name: "nitro:config", handler: (config: Nitro2ConfigLike) => void): unknown;
}

/** The part of Nitro 2's config the module sets. */
export interface Nitro2ConfigLike {
  plugins?: string[];
  handlers?: { route: string; handler: string }[];
  rollupConfig?: { plugins?: unknown };
  moduleSideEffects?: string[];
}

const EXT = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
const runtimeFile = (name: string) => fileURLToPath(new URL(`./runtime/${name}${EXT}`, import.meta.url));
/** This package's directory (the repository when running from source). */
const PACKAGE_DIR = fileURLToPath(new URL(EXT === ".ts" ? "../.." : "../../..", import.meta.url));

/**
 * Nitro 2 resolves `h3` to its own h3 v1 wherever it is imported; the runtime this package embeds is
 * written for h3 v2, its dependency, so imports of `h3` from the package resolve to that one.
 */
function ownH3Plugin() {
  const ownH3 = fileURLToPath(import.meta.resolve("h3"));
  return {
    name: "vite-workflow:own-h3",
    resolveId(source: string, importer: string | undefined) {
      return source === "h3" && importer?.startsWith(PACKAGE_DIR) ? ownH3 : null;
    },
  };
}

/**
 * `vite-workflow/nuxt`: Nuxt 4 builds its server routes with Nitro 2's Rollup, which never sees Vite
 * plugins, so the module wires both sides.
 * - `nuxt dev`: the Vite plugin in Nuxt's client dev server (runs the workflows, serves the devtools panel
 *   and the well-known routes); in Nitro, the directive transform and `workflow` aliases, and a recording
 *   runtime so server routes can call `start()`.
 * - `nuxt build`: the Rollup plugin in Nitro's build embeds the workflow bundle and every step module, the
 *   runtime starts on first use, and `/.well-known/workflow/**` is served on h3 v1.
 * @example export default defineNuxtConfig({ modules: ["vite-workflow/nuxt"] });
 */
export function workflowNuxt(options: WorkflowNuxtOptions = {}) {
  return function workflowNuxtModule(inlineOptions: WorkflowNuxtOptions | undefined, nuxt: NuxtLike): void {
    const merged = { ...options, ...inlineOptions };
    const root = nuxt.options.rootDir;
    const dirs = (merged.dirs ?? ["workflows"]).map((dir) => resolve(root, dir));
    const dataDir = merged.dataDir === undefined ? undefined : resolve(root, merged.dataDir);

    if (nuxt.options.dev) {
      // Only the client dev server: Nuxt routes every request through its middlewares.
      nuxt.hook("vite:extendConfig", (config, { isClient }) => {
        if (!isClient) return;
        const plugins: Plugin[] = workflow({ ...merged, dirs, dataDir: dataDir ?? process.env.WORKFLOW_EMBEDDED_DATA_DIR ?? resolve(root, ".workflow-data") });
        (config.plugins ??= []).push(...plugins);
      });
    }

    nuxt.hook("nitro:config", (config) => {
      // Workflow ids are paths relative to the root: the same one as Nuxt's Vite root, where dev runs execute.
      const rollupPlugin = workflowBundlerPlugin.rollup({ root: nuxt.options.srcDir, dirs, compat: merged.compat, embed: !nuxt.options.dev });
      const existing = config.rollupConfig?.plugins;
      config.rollupConfig = { ...config.rollupConfig, plugins: [ownH3Plugin(), rollupPlugin, ...(Array.isArray(existing) ? existing : existing ? [existing] : [])] };
      // Nitro 2 tree-shakes every module it is not told has side effects: the embedded workflows are
      // imported for their side effect (they register the workflow bundle and the steps).
      (config.moduleSideEffects ??= []).push(join(nuxt.options.srcDir, ".vite-workflow-embedded-"), PACKAGE_DIR);
      if (nuxt.options.dev) {
        (config.plugins ??= []).push(runtimeFile("nitro2-recording-runtime"));
      } else {
        (config.handlers ??= []).push({ route: "/.well-known/workflow/**", handler: runtimeFile("nitro2-well-known-handler") });
      }
    });
  };
}
