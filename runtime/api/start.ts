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

/** A `"use workflow"` function, as imported by server code. */
type WorkflowFunction<TArgs extends unknown[], TResult> = (...args: TArgs) => Promise<TResult>;

/** A workflow known by its id only (`workflow//<file>//<name>`), e.g. from the build's manifest. */
interface WorkflowReference {
  workflowId: string;
}

/**
 * Starts a run of a workflow that takes no arguments (or only optional ones).
 * @example const run = await start(nightlyReport, { idempotencyKey: "2026-01-01" });
 */
export function start<TResult>(workflow: WorkflowFunction<[], TResult> | WorkflowReference, options?: StartOptions): Promise<Run<TResult>>;
/**
 * Starts a workflow run with its arguments; a workflow with required parameters must be given them.
 * @example const run = await start(userSignup, ["a@b.c"], { idempotencyKey: "a@b.c" });
 */
export function start<TArgs extends unknown[], TResult>(
  workflow: WorkflowFunction<TArgs, TResult> | WorkflowReference,
  args: TArgs,
  options?: StartOptions,
): Promise<Run<TResult>>;
/**
 * Starts a workflow run and returns as soon as it is durably recorded (it does not wait for the run).
 * @example const run = await start(userSignup, ["a@b.c"]);
 */
export async function start(
  workflow: WorkflowFunction<unknown[], unknown> | WorkflowReference,
  args?: unknown[] | StartOptions,
  options?: StartOptions,
): Promise<Run<unknown>> {
  const workflowId = (workflow as { workflowId?: unknown } | undefined)?.workflowId;
  if (typeof workflowId !== "string" || workflowId.length === 0) throw new StartInvalidWorkflowFunctionError(workflow);
  const [callArgs, callOptions] = Array.isArray(args) ? [args, options] : [[], args ?? options];
  const runtime = getRuntime();
  const { runId } = await runtime.start(workflowId, callArgs, { idempotencyKey: callOptions?.idempotencyKey });
  return new Run(runId, runtime);
}
