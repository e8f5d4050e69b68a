import { getStepMetadata } from "workflow";

type Doubler = (x: number) => Promise<{ value: number; stepId: string }>;

export async function double(x: number) {
  "use step";
  return { value: x * 2, stepId: getStepMetadata().stepId };
}

export async function applyTwice(fn: Doubler, x: number) {
  "use step";
  const first = await fn(x);
  const second = await fn(first.value);
  return { value: second.value, calleeStepIds: [first.stepId, second.stepId], stepId: getStepMetadata().stepId };
}

/** Passes a step function from the workflow to a step. */
export async function passStep(x: number) {
  "use workflow";
  return await applyTwice(double, x);
}

/** Passes on a step function given to start(). */
export async function passGiven(fn: Doubler, x: number) {
  "use workflow";
  return await applyTwice(fn, x);
}

/** Passes a step reference nested in an object, and gets it back from a step. */
export async function roundTrip(x: number) {
  "use workflow";
  const { fn } = await echo({ fn: double });
  return await applyTwice(fn, x);
}

async function echo<T>(value: T) {
  "use step";
  return value;
}

export async function applyOnce(fn: Doubler, x: number) {
  "use step";
  return (await fn(x)).value;
}
applyOnce.maxRetries = 0;

/** Passes on a step function given to start() to a step that is not retried. */
export async function passGivenOnce(fn: Doubler, x: number) {
  "use workflow";
  return await applyOnce(fn, x);
}
