import { workflowTransform } from "./unplugin.ts";

/**
 * The directive transform as a webpack plugin.
 * @example new webpack.Compiler({ plugins: [workflow()] })
 */
export const workflow = workflowTransform.webpack;
export default workflow;
export type { WorkflowTransformOptions } from "./unplugin.ts";
