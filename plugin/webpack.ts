import { workflowBundlerPlugin } from "./embed/workflow-bundler-plugin.ts";

/**
 * The webpack plugin: compiles `"use step"` / `"use workflow"`, resolves `workflow` and `workflow/api` to
 * this package, keeps every step module a workflow reaches and embeds the workflow bundle, so the built
 * server runs workflows once it imports `workflow/api` (see `vite-workflow/node`).
 * @example // webpack.config.mjs
 * export default { target: "node", entry: "./src/server.js", plugins: [workflow()] };
 */
export const workflow = workflowBundlerPlugin.webpack;
export default workflow;
export type { WorkflowBundlerOptions, WorkflowBundlerOptions as WorkflowTransformOptions } from "./embed/workflow-bundler-plugin.ts";
