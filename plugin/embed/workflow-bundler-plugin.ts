import { createUnplugin, type UnpluginInstance, type UnpluginOptions } from "unplugin";
import { withNativeDiagnostics } from "../diagnostics/with-native-diagnostics.ts";
import { workflowTransform, type WorkflowTransformOptions } from "../unplugin.ts";
import { workflowEmbed, type WorkflowEmbedPluginOptions } from "./workflow-embed.ts";

/** Options of the Rollup, webpack and esbuild adapters. Every field is optional. */
export interface WorkflowBundlerOptions extends WorkflowTransformOptions, WorkflowEmbedPluginOptions {}

const toArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/**
 * What `vite-workflow/rollup`, `/webpack` and `/esbuild` export: the directive transform (step mode) and
 * the embedding (`workflow` / `workflow/api` aliases, every step module kept, the workflow bundle in the
 * output, the runtime started on first use), as one plugin per bundler.
 */
export const workflowBundlerPlugin: UnpluginInstance<WorkflowBundlerOptions | undefined, true> = createUnplugin(
  (options: WorkflowBundlerOptions | undefined, meta) => {
    const transform = toArray(workflowTransform.raw(options, meta) as UnpluginOptions | UnpluginOptions[]);
    const embed = toArray(workflowEmbed.raw(options, meta) as UnpluginOptions | UnpluginOptions[]);
    return [...transform.map((plugin) => withNativeDiagnostics(plugin, meta.framework)), ...embed];
  },
);
