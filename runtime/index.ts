/**
 * `vite-workflow/runtime`: building blocks for integrations (the Vite plugin, Nitro, custom servers).
 */
export { createWorld } from "./world/create-world.ts";
export type { World } from "./world/world.ts";
export { createRuntime } from "./engine/create-runtime.ts";
export type { Runtime, RuntimeOptions } from "./engine/create-runtime.ts";
export { getRuntime, setRuntime } from "./engine/default-runtime.ts";
export { createWorkflowApp, createWorkflowHandlers, WELL_KNOWN_BASE } from "./http/create-workflow-app.ts";
export { signDelivery, verifyDeliverySignature, SIGNATURE_HEADER } from "./http/delivery-signature.ts";
export { registerStepFunction } from "./registry/register-step-function.ts";
export { reduceRun } from "./events/reduce-run.ts";
