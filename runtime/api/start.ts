import { StartInvalidWorkflowFunctionError } from "../errors/documented-errors.ts";
import { getRuntime } from "../engine/default-runtime.ts";
import { Run } from "./run.ts";

/** Options of `start()`. */
export interface StartOptions {
  /** Starting twice with the same key returns the first run instead of creating another. Default: none. */
  idempotencyKey?: string;
  /** Accepted for compatibility and ignored (there is one deployment per world). */
  deploymentId?: string;
}

type WorkflowReference<TArgs extends unknown[], TResult> = ((...args: TArgs) => Promise<TResult>) | { workflowId: string };

/**
 * Starts a workflow run and returns as soon as it is durably recorded (it does not wait for the run).
 * @example const run = await start(userSignup, ["a@b.c"]);
 */
export async function start<TArgs extends unknown[], TResult>(
  workflow: WorkflowReference<TArgs, TResult>,
  args?: TArgs | StartOptions,
  options?: StartOptions,
): Promise<Run<TResult>> {
  const workflowId = (workflow as { workflowId?: unknown } | undefined)?.workflowId;
  if (typeof workflowId !== "string" || workflowId.length === 0) throw new StartInvalidWorkflowFunctionError(workflow);
  const [callArgs, callOptions] = Array.isArray(args) ? [args, options] : [[], args ?? options];
  const runtime = getRuntime();
  const { runId } = await runtime.start(workflowId, callArgs, { idempotencyKey: callOptions?.idempotencyKey });
  return new Run<TResult>(runId, runtime);
}
