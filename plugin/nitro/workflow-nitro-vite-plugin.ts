import type { Plugin } from "vite";
import { workflowNitro, type WorkflowNitroModule, type WorkflowNitroOptions } from "./workflow-nitro.ts";

/**
 * The `workflow:nitro` sub-plugin of `workflow()`: no Vite hooks, only the Nitro module under the `nitro`
 * key, which Nitro's Vite plugin registers. So `vite build` of a Vite + Nitro app emits a `.output/`
 * server that runs workflows, with no change to the Vite config. Without Nitro's plugin it does nothing.
 * @example defineConfig({ plugins: [nitro(), workflow()] }) // workflow() includes this sub-plugin
 */
export function workflowNitroVitePlugin(options: WorkflowNitroOptions = {}): Plugin & { nitro: WorkflowNitroModule } {
  return { name: "workflow:nitro", nitro: workflowNitro(options) };
}
