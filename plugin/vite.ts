import type { Plugin } from "vite";
import { workflowTransform, type WorkflowTransformOptions } from "./unplugin.ts";
import { workflowDevServer, type WorkflowDevOptions } from "./vite-dev/dev-server-plugin.ts";
import { workflowNitroVitePlugin } from "./nitro/workflow-nitro-vite-plugin.ts";
import type { WorkflowNitroOptions } from "./nitro/resolve-nitro-options.ts";
import { workflowEmbed } from "./embed/workflow-embed.ts";
import type { WorkflowEmbedOptions } from "./embed/resolve-embed-options.ts";

/** Options of the Vite plugin. */
export interface WorkflowViteOptions extends WorkflowTransformOptions, WorkflowDevOptions, WorkflowNitroOptions, WorkflowEmbedOptions {}

/**
 * The Vite integration: an array of `workflow:<part>` sub-plugins (the directive transform first).
 * @example export default defineConfig({ plugins: [workflow()] });
 */
export function workflow(options: WorkflowViteOptions = {}): Plugin[] {
  const transform = workflowTransform.vite(options) as Plugin | Plugin[];
  return [...(Array.isArray(transform) ? transform : [transform]), workflowDevServer(options), workflowNitroVitePlugin(options), workflowEmbed.vite(options) as Plugin];
}

export { workflowTransform };
