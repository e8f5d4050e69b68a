import { isRunId } from "../events/ids.ts";
import { WorkflowRunNotFoundError } from "../errors/run-errors.ts";
import { Run } from "./run.ts";

/**
 * Returns a handle on an existing run without waiting for it. A malformed id throws
 * `WorkflowRunNotFoundError` at once; an unknown well-formed id rejects when a field is awaited.
 * @example const status = await getRun(runId).status;
 */
export function getRun<TResult = unknown>(runId: string): Run<TResult> {
  if (!isRunId(runId)) throw new WorkflowRunNotFoundError(String(runId));
  return new Run<TResult>(runId);
}
