import { currentStepContext, currentWorkflowContext, notInWorkflowOrStepError } from "./current-context.ts";

/**
 * Returns the run's default writable stream (or a namespaced one); chunks are durable and readable with
 * `run.getReadable()`. Inside a workflow it is a handle to pass to steps; in a step, a real `WritableStream`.
 * @example const writable = getWritable<string>(); await writeProgress(writable);
 */
export function getWritable<W = unknown>(options?: { namespace?: string }): WritableStream<W> {
  const context = currentWorkflowContext();
  if (context) return context.getWritable<W>(options);
  const step = currentStepContext();
  if (step?.getWritable) return step.getWritable<W>(options);
  throw notInWorkflowOrStepError("getWritable");
}
