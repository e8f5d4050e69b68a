import { workflowTransform } from "./unplugin.ts";

/**
 * The directive transform as an esbuild plugin.
 * @example await esbuild.build({ entryPoints, bundle: true, plugins: [workflow()] })
 */
export const workflow = workflowTransform.esbuild;
export default workflow;
export type { WorkflowTransformOptions } from "./unplugin.ts";
