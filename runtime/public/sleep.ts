import type { DurationInput } from "../durations/parse-duration.ts";
import { NotInWorkflowError } from "../errors/context-errors.ts";
import { currentWorkflowContext } from "./current-context.ts";

/**
 * Suspends the workflow for a duration (`"1s"`, `"7 days"`, milliseconds) or until a `Date`, without
 * holding any resources; the wake-up is durable and exact to the millisecond.
 * @example await sleep("10s");
 */
export function sleep(duration: DurationInput): Promise<void> {
  const context = currentWorkflowContext();
  if (!context) throw new NotInWorkflowError("sleep");
  return context.sleep(duration);
}
