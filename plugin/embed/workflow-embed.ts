import { join } from "node:path";
import { createUnplugin, type UnpluginInstance } from "unplugin";
import { buildServerParts } from "../bundle/build-server-parts.ts";
import { generateEmbeddedModule, generateEntryWrapper } from "./generate-embedded-module.ts";
import { resolveEmbedOptions, type WorkflowEmbedOptions } from "./resolve-embed-options.ts";

/** Options of the embedding plugin: the embedding's options plus the root ids are relative to. */
export interface WorkflowEmbedPluginOptions extends WorkflowEmbedOptions {
  /** Directory that ids and `dirs` are relative to. Default: Vite's `root`, otherwise `process.cwd()`. */
  root?: string;
}

/**
 * Ids of the generated modules: files of the root that never exist on disk. Directly in the root, so
 * bundlers that resolve a generated module's imports from its directory (esbuild) find a real one.
 */
const GENERATED_PREFIX = ".vite-workflow-embedded-";
/** Entries of this package that server code reaches the runtime through, with their stand-in's file name. */
const WRAPPED_ENTRIES: Record<string, string> = { "vite-workflow/api": "api.mjs", "vite-workflow/node": "node.mjs" };

interface ViteEnvironmentContext {
  environment?: { name?: string; config?: { consumer?: "client" | "server" } };
}

/**
 * The `workflow:embed` plugin: makes a server bundle run workflows without Nitro.
 * - `workflow/api` and `vite-workflow/api` / `/node` resolve to stand-ins that load the embedded module
 *   first, so every server module that can start a run brings it along;
 * - the embedded module imports every workflow and step module under `dirs` (nothing is tree-shaken away)
 *   and carries the workflow bundle, built with the app's Rolldown;
 * - outside Vite, `workflow` resolves to this package too (Vite gets its aliases from `workflow()`).
 * In Vite it acts only in `vite build` of a server environment, and never when Nitro's plugin is there.
 */
export const workflowEmbed: UnpluginInstance<WorkflowEmbedPluginOptions | undefined, false> = createUnplugin(
  (rawOptions: WorkflowEmbedPluginOptions | undefined, meta) => {
    const raw = rawOptions ?? {};
    let options = resolveEmbedOptions(raw, raw.root ?? process.cwd());
    const inVite = meta.framework === "vite";
    let viteBuild = false;
    let viteNitro = false;
    let embedded: Promise<string> | undefined;

    const generated = (name: string) => join(options.root, GENERATED_PREFIX + name);
    const embeddedId = () => generated("embedded.mjs");
    const compatId = () => generated("workflow.mjs");

    function activeIn(context: unknown): boolean {
      if (!options.embed) return false;
      if (!inVite) return true;
      const environment = (context as ViteEnvironmentContext).environment;
      return viteBuild && !viteNitro && environment?.config?.consumer === "server" && environment.name !== "nitro";
    }

    function isGenerated(id: string): boolean {
      return id.startsWith(join(options.root, GENERATED_PREFIX));
    }

    async function buildEmbeddedModule(): Promise<string> {
      const { modules, bundle } = await buildServerParts({ root: options.root, dirs: options.dirs });
      return generateEmbeddedModule({ modules, bundle });
    }

    return {
      name: "workflow:embed",
      enforce: "pre",
      buildStart() {
        embedded = undefined;
      },
      resolveId(source, importer) {
        if (isGenerated(source)) return source;
        if (importer && isGenerated(importer)) return null;
        if (!inVite && options.compat && source === "workflow") return compatId();
        if (!activeIn(this)) {
          if (!inVite && options.compat && source === "workflow/api") return generated("workflow-api.mjs");
          return null;
        }
        const entry = !inVite && options.compat && source === "workflow/api" ? "vite-workflow/api" : source;
        const wrapper = WRAPPED_ENTRIES[entry];
        return wrapper ? generated(wrapper) : null;
      },
      loadInclude(id) {
        return isGenerated(id);
      },
      load(id) {
        if (!isGenerated(id)) return null;
        if (id === embeddedId()) return (embedded ??= buildEmbeddedModule());
        if (id === compatId()) return `export * from "vite-workflow";\n`;
        if (id === generated("workflow-api.mjs")) return `export * from "vite-workflow/api";\n`;
        const entry = Object.keys(WRAPPED_ENTRIES).find((name) => id === generated(WRAPPED_ENTRIES[name]));
        return entry ? generateEntryWrapper(embeddedId(), entry) : null;
      },
      vite: {
        configResolved(config) {
          if (raw.root === undefined) options = resolveEmbedOptions(raw, config.root);
          viteBuild = config.command === "build";
          viteNitro = config.plugins.some((plugin) => /^nitro(?:$|[:-])/.test(plugin.name));
        },
      },
    };
  },
);
