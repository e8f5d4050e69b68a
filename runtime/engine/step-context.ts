import { AsyncLocalStorage } from "node:async_hooks";
import { STEP_CONTEXT } from "../globals.ts";
import type { StepContext } from "../public/workflow-context.ts";

const STEP_STORAGE = Symbol.for("vite-workflow.stepStorage");
const STEP_STORAGE_USERS = Symbol.for("vite-workflow.stepStorageUsers");

type Host = {
  [STEP_STORAGE]?: AsyncLocalStorage<StepContext>;
  [STEP_STORAGE_USERS]?: { running: number };
  [STEP_CONTEXT]?: () => StepContext | undefined;
};

/** One AsyncLocalStorage per process, shared by every copy of the engine module (e.g. dev and tests). */
function stepStorage(): { storage: AsyncLocalStorage<StepContext>; users: { running: number } } {
  const host = globalThis as Host;
  const storage = (host[STEP_STORAGE] ??= new AsyncLocalStorage<StepContext>());
  const users = (host[STEP_STORAGE_USERS] ??= { running: 0 });
  host[STEP_CONTEXT] ??= () => storage.getStore();
  return { storage, users };
}

/**
 * Runs a step body with its metadata available to `getStepMetadata()` / `getWorkflowMetadata()`
 * (through `globalThis[STEP_CONTEXT]`), including in everything it awaits; settles with the body.
 *
 * While an AsyncLocalStorage is enabled, Node tracks every promise of the process (a hook on each one's
 * creation and continuation), which costs the engine and the server around the steps about a tenth of
 * their time. So the storage is enabled only while a step body runs in this process, and disabled once
 * the last one has settled: outside step bodies there is no step context to find.
 */
export function runInStepContext<T>(context: StepContext, fn: () => T | Promise<T>): Promise<T> {
  const { storage, users } = stepStorage();
  users.running++;
  let result: T | Promise<T>;
  try {
    result = storage.run(context, fn);
  } catch (error) {
    leave(storage, users);
    return Promise.reject(error);
  }
  return Promise.resolve(result).finally(() => leave(storage, users));
}

function leave(storage: AsyncLocalStorage<StepContext>, users: { running: number }): void {
  users.running--;
  if (users.running === 0) storage.disable();
}
