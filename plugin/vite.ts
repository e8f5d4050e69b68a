import type { Plugin } from "vite";
import { workflowTransform, type WorkflowTransformOptions } from "./unplugin.ts";

/** Options of the Vite plugin. */
export interface WorkflowViteOptions extends WorkflowTransformOptions {}

/**
 * The Vite integration: an array of `workflow:<part>` sub-plugins (the directive transform first).
 * @example export default defineConfig({ plugins: [workflow()] });
 */
export function workflow(options: WorkflowViteOptions = {}): Plugin[] {
  const transform = workflowTransform.vite(options) as Plugin | Plugin[];
  return Array.isArray(transform) ? transform : [transform];
}

export { workflowTransform };
