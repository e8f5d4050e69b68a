import { WorkflowError } from "./workflow-error.ts";

/**
 * A step kept failing until its attempts (`maxRetries`, default 3) ran out; the workflow sees this error
 * thrown at the step's `await`, with the last attempt's error as `cause`.
 * @example throw new StepRetriesExhaustedError("step//workflows/a.ts//charge", 3, lastError);
 */
export class StepRetriesExhaustedError extends WorkflowError {
  readonly stepName: string;
  readonly attempts: number;

  constructor(stepName: string, attempts: number, cause: unknown) {
    const reason =
      typeof cause === "object" && cause !== null && "message" in cause ? String(cause.message) : String(cause);
    super("ERR_STEP_RETRIES_EXHAUSTED", `Step "${stepName}" failed after max retries (${attempts} attempts): ${reason}`, {
      cause,
      learnMore: false,
    });
    this.name = "StepRetriesExhaustedError";
    this.stepName = stepName;
    this.attempts = attempts;
  }
}
