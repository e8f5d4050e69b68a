import { currentStepContext, currentWorkflowContext, notInWorkflowOrStepError } from "./current-context.ts";

/**
 * Returns the run's default writable stream (or a namespaced one); chunks are durable and readable with
 * `run.getReadable()`. Inside a workflow the stream can only be passed to steps.
 * @example const writable = getWritable<string>(); await writeProgress(writable);
 */
export function getWritable<W = unknown>(options?: { namespace?: string }): WritableStream<W> {
  const context = currentWorkflowContext();
  if (context) return context.getWritable<W>(options);
  if (currentStepContext()) {
    throw new Error("`getWritable()` inside step functions is not supported by this version of vite-workflow yet.");
  }
  throw notInWorkflowOrStepError("getWritable");
}
