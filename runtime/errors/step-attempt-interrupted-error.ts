import { WorkflowError } from "./workflow-error.ts";

/**
 * A step's attempts ran out because the last ones were cut short: each began (`step_started`) but never
 * recorded an outcome, because the process running it crashed mid-attempt. The workflow sees it thrown at
 * the step's `await`, like a step whose retries are exhausted.
 * @example throw new StepAttemptInterruptedError("step//workflows/a.ts//resize", 4);
 */
export class StepAttemptInterruptedError extends WorkflowError {
  readonly stepName: string;
  readonly attempts: number;

  constructor(stepName: string, attempts: number) {
    super(
      "ERR_STEP_ATTEMPT_INTERRUPTED",
      `Step "${stepName}" failed after max retries (${attempts} attempts): its last attempt was cut short by a crash ` +
        `of the process running it (it started but never recorded a result or an error). A step that kills or ` +
        `exhausts its process (out of memory, process.exit, a native crash) fails this way instead of crash-looping; ` +
        `make the step survivable, or raise its maxRetries if the crashes are transient.`,
      { learnMore: false },
    );
    this.name = "StepAttemptInterruptedError";
    this.stepName = stepName;
    this.attempts = attempts;
  }
}
