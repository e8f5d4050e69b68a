/**
 * The `workflow` module users import. Pure (no Node.js imports): it is bundled into the workflow sandbox,
 * where it reaches the running workflow through `globalThis[WORKFLOW_CONTEXT]`, and loaded in the host,
 * where steps reach their metadata through `globalThis[STEP_CONTEXT]()`.
 */
export { sleep } from "./sleep.ts";
export { createHook } from "./create-hook.ts";
export { createWebhook } from "./create-webhook.ts";
export { defineHook } from "./define-hook.ts";
export type { HookDefinition } from "./define-hook.ts";
export { getWritable } from "./get-writable.ts";
export { fetch } from "./fetch.ts";
export { getStepMetadata } from "./get-step-metadata.ts";
export { getWorkflowMetadata } from "./get-workflow-metadata.ts";
export { FatalError } from "../errors/fatal-error.ts";
export { RetryableError } from "../errors/retryable-error.ts";
export type { RetryableErrorOptions } from "../errors/retryable-error.ts";
export type { DurationInput } from "../durations/parse-duration.ts";
export type {
  Hook,
  HookOptions,
  RequestWithResponse,
  StepMetadata,
  Webhook,
  WebhookOptions,
  WorkflowMetadata,
} from "./workflow-context.ts";
