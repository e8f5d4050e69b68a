import { AsyncLocalStorage } from "node:async_hooks";
import { STEP_CONTEXT } from "../globals.ts";
import type { StepContext } from "../public/workflow-context.ts";

const STEP_STORAGE = Symbol.for("vite-workflow.stepStorage");
const STEP_STORAGE_USERS = Symbol.for("vite-workflow.stepStorageUsers");
/** How long no step body runs before the step context is switched off. */
const IDLE_OFF_MS = 50;

/** Step bodies running in this process, and when the last one settled. */
interface StorageUsers {
  running: number;
  lastLeftAt: number;
  offTimer: NodeJS.Timeout | undefined;
}

type Host = {
  [STEP_STORAGE]?: AsyncLocalStorage<StepContext>;
  [STEP_STORAGE_USERS]?: StorageUsers;
  [STEP_CONTEXT]?: () => StepContext | undefined;
};

/** One AsyncLocalStorage per process, shared by every copy of the engine module (e.g. dev and tests). */
function stepStorage(): { storage: AsyncLocalStorage<StepContext>; users: StorageUsers } {
  const host = globalThis as Host;
  const storage = (host[STEP_STORAGE] ??= new AsyncLocalStorage<StepContext>());
  const users = (host[STEP_STORAGE_USERS] ??= { running: 0, lastLeftAt: 0, offTimer: undefined });
  host[STEP_CONTEXT] ??= () => storage.getStore();
  return { storage, users };
}

/**
 * Runs a step body with its metadata available to `getStepMetadata()` / `getWorkflowMetadata()`
 * (through `globalThis[STEP_CONTEXT]`), including in everything it awaits; settles with the body.
 *
 * While an AsyncLocalStorage is enabled, Node tracks every promise of the process (a hook on each one's
 * creation and continuation), which costs the engine and the server around the steps about a tenth of
 * their time. So the storage is switched off once no step body has run for `IDLE_OFF_MS`: outside step
 * bodies there is no step context to find. Not right after each step: switching costs Node a call into
 * every V8 context of the process (each run's sandbox is one), about 75 µs with 400 of them.
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

function leave(storage: AsyncLocalStorage<StepContext>, users: StorageUsers): void {
  users.running--;
  users.lastLeftAt = performance.now();
  if (users.running > 0 || users.offTimer) return;
  users.offTimer = setTimeout(function switchOff() {
    const idleFor = performance.now() - users.lastLeftAt;
    if (users.running === 0 && idleFor >= IDLE_OFF_MS) {
      users.offTimer = undefined;
      storage.disable();
      return;
    }
    users.offTimer = setTimeout(switchOff, Math.max(1, IDLE_OFF_MS - idleFor)).unref();
  }, IDLE_OFF_MS).unref();
}
