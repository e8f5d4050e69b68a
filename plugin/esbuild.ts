import { workflowBundlerPlugin } from "./embed/workflow-bundler-plugin.ts";

/**
 * The esbuild plugin: compiles `"use step"` / `"use workflow"`, resolves `workflow` and `workflow/api` to
 * this package, keeps every step module a workflow reaches and embeds the workflow bundle, so the built
 * server runs workflows once it imports `workflow/api` (see `vite-workflow/node`).
 * @example await esbuild.build({ entryPoints: ["src/server.js"], bundle: true, platform: "node", format: "esm", external: ["vite-workflow"], plugins: [workflow()] });
 */
export const workflow = workflowBundlerPlugin.esbuild;
export default workflow;
export type { WorkflowBundlerOptions, WorkflowBundlerOptions as WorkflowTransformOptions } from "./embed/workflow-bundler-plugin.ts";
