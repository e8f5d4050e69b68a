import { workflowNitro } from "./nitro/workflow-nitro.ts";

export { workflowNitro };
export type { WorkflowNitroModule, WorkflowNitroOptions } from "./nitro/workflow-nitro.ts";
export type { DeliveriesMode } from "./nitro/resolve-nitro-options.ts";

/**
 * `vite-workflow/nitro`: the Nitro module with default options, for `modules: ["vite-workflow/nitro"]`.
 * Call `workflowNitro(options)` to pass options.
 * @example export default defineConfig({ modules: ["vite-workflow/nitro"] });
 */
const workflowNitroModule = workflowNitro();
export default workflowNitroModule;
