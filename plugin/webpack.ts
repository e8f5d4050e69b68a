import { workflowTransform } from "./unplugin.ts";

/**
 * The directive transform as a webpack plugin.
 * @example webpack({ entry: "./src/server.ts", plugins: [workflow({ mode: "step" })] }) // or `plugins` in webpack.config.js
 */
export const workflow = workflowTransform.webpack;
export default workflow;
export type { WorkflowTransformOptions } from "./unplugin.ts";
