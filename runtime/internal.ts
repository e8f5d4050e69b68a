/**
 * `vite-workflow/internal`: the small surface that code emitted by the plugin imports.
 * Kept separate from `vite-workflow/runtime` so a step module does not pull in the whole engine.
 */
export { registerStepFunction } from "./registry/register-step-function.ts";
