import { AsyncLocalStorage } from "node:async_hooks";
import { STEP_CONTEXT } from "../globals.ts";
import type { StepContext } from "../public/workflow-context.ts";

const STEP_STORAGE = Symbol.for("vite-workflow.stepStorage");

/** One AsyncLocalStorage per process, shared by every copy of the engine module (e.g. dev and tests). */
function stepStorage(): AsyncLocalStorage<StepContext> {
  const host = globalThis as { [STEP_STORAGE]?: AsyncLocalStorage<StepContext>; [STEP_CONTEXT]?: () => StepContext | undefined };
  const storage = (host[STEP_STORAGE] ??= new AsyncLocalStorage<StepContext>());
  host[STEP_CONTEXT] ??= () => storage.getStore();
  return storage;
}

/**
 * Runs a step body with its metadata available to `getStepMetadata()` / `getWorkflowMetadata()`
 * (through `globalThis[STEP_CONTEXT]`), including in everything it awaits.
 */
export function runInStepContext<T>(context: StepContext, fn: () => T): T {
  return stepStorage().run(context, fn);
}
