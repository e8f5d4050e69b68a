/**
 * `vite-workflow/node`: run workflows in a Node server built without Nitro (a Vite SSR build, or a Rollup,
 * webpack or esbuild bundle with the plugin): the runtime starts on first use, or at once with
 * `startWorkflowRuntime()`; `workflowMiddleware()` / `workflowHandler()` serve the well-known routes.
 */
export { startWorkflowRuntime, closeWorkflowRuntime, registerEmbeddedWorkflows } from "./start-workflow-runtime.ts";
export type { StartWorkflowRuntimeOptions } from "./start-workflow-runtime.ts";
export type { EmbeddedWorkflows } from "./embedded-workflows.ts";
export { workflowHandler, isWorkflowPath } from "./workflow-handler.ts";
export { workflowMiddleware } from "./workflow-middleware.ts";
export type { WorkflowMiddleware } from "./workflow-middleware.ts";
