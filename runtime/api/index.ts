/**
 * `workflow/api`: what server code uses to start and observe workflow runs.
 */
export { start } from "./start.ts";
export type { StartOptions } from "./start.ts";
export { getRun } from "./get-run.ts";
export { Run } from "./run.ts";
export { resumeHook, resumeWebhook, getHookByToken } from "./hooks.ts";
export type { HookInfo } from "../engine/run-control.ts";
// The errors `run.returnValue` and `getRun()` reject with, so callers can tell them apart with `.is()`.
export {
  WorkflowRunCancelledError,
  WorkflowRunFailedError,
  WorkflowRunNotCompletedError,
  WorkflowRunNotFoundError,
} from "../errors/run-errors.ts";
