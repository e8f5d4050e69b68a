import { STEP_REGISTRY } from "../globals.ts";

/** A step function as the runtime sees it: any async function, optionally with `maxRetries`. */
export type StepFunction = ((...args: any[]) => Promise<unknown>) & { maxRetries?: number; stepId?: string };

function stepRegistry(): Map<string, StepFunction> {
  const host = globalThis as { [STEP_REGISTRY]?: Map<string, StepFunction> };
  return (host[STEP_REGISTRY] ??= new Map());
}

/**
 * Registers a step function under its id; the step-mode transform emits one call per step.
 * Re-registering an id replaces the function, which is how edited step code takes effect in dev.
 * @example registerStepFunction("step//workflows/user.ts//createUser", createUser);
 */
export function registerStepFunction(stepId: string, fn: StepFunction): void {
  Object.defineProperty(fn, "stepId", { value: stepId, configurable: true, enumerable: false });
  stepRegistry().set(stepId, fn);
}

/** Looks up a registered step function by id; undefined when no module registered it. */
export function getStepFunction(stepId: string): StepFunction | undefined {
  return stepRegistry().get(stepId);
}

/** Lists the ids of every registered step function (for diagnostics and the devtools panel). */
export function listStepFunctionIds(): string[] {
  return [...stepRegistry().keys()];
}
