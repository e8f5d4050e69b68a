import { workflowBundlerPlugin } from "./embed/workflow-bundler-plugin.ts";

/**
 * The Rollup plugin: compiles `"use step"` / `"use workflow"`, resolves `workflow` and `workflow/api` to
 * this package, keeps every step module a workflow reaches and embeds the workflow bundle, so the built
 * server runs workflows once it imports `workflow/api` (see `vite-workflow/node`).
 * @example export default { input: "src/server.js", output: { file: "dist/server.mjs" }, external: [/^node:/, /^vite-workflow/], plugins: [workflow()] };
 */
export const workflow = workflowBundlerPlugin.rollup;
export default workflow;
export type { WorkflowBundlerOptions, WorkflowBundlerOptions as WorkflowTransformOptions } from "./embed/workflow-bundler-plugin.ts";
