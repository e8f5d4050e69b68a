import { NotInStepError } from "../errors/context-errors.ts";
import { currentStepContext } from "./current-context.ts";
import type { StepMetadata } from "./workflow-context.ts";

/**
 * Returns the current step's id (stable across retries), attempt number and start time.
 * @example const { stepId } = getStepMetadata(); await charge({ idempotencyKey: stepId });
 */
export function getStepMetadata(): StepMetadata {
  const context = currentStepContext();
  if (!context) throw new NotInStepError("getStepMetadata");
  return { ...context.stepMetadata };
}
