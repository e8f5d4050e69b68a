import { workflowNuxt } from "./nuxt/workflow-nuxt.ts";

export { workflowNuxt };
export type { WorkflowNuxtOptions } from "./nuxt/workflow-nuxt.ts";

/**
 * `vite-workflow/nuxt`: the Nuxt 4 module with default options (pass options as the module's inline
 * options, or call `workflowNuxt(options)`).
 * @example export default defineNuxtConfig({ modules: ["vite-workflow/nuxt"] });
 */
const workflowNuxtModule = workflowNuxt();
export default workflowNuxtModule;
