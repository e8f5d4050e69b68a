import { workflowTransform } from "./unplugin.ts";

/**
 * The directive transform as a Rollup plugin.
 * @example rollup({ input, plugins: [workflow({ mode: "step" })] })
 */
export const workflow = workflowTransform.rollup;
export default workflow;
export type { WorkflowTransformOptions } from "./unplugin.ts";
