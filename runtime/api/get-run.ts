import { WorkflowRunNotFoundError } from "../errors/run-errors.ts";
import { Run } from "./run.ts";

const RUN_ID_RE = /^wrun_[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * Returns a handle on an existing run without waiting for it. A malformed id throws
 * `WorkflowRunNotFoundError` at once; an unknown well-formed id rejects when a field is awaited.
 * @example const status = await getRun(runId).status;
 */
export function getRun<TResult = unknown>(runId: string): Run<TResult> {
  if (typeof runId !== "string" || !RUN_ID_RE.test(runId)) throw new WorkflowRunNotFoundError(String(runId));
  return new Run<TResult>(runId);
}
