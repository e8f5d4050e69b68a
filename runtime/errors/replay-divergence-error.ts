import { WorkflowError } from "./workflow-error.ts";

/** What the engine knows when replay and the log disagree. */
export interface ReplayDivergenceDetails {
  runId: string;
  /** What the workflow code does now, e.g. `step "step//workflows/a.ts//charge" (step_3)`. */
  expected: string;
  /** What the log holds at that point, e.g. `hook_created for hook_3`, or `nothing (end of log)`. */
  recorded: string;
  /** Id of the recorded event involved, when there is one. */
  eventId?: string;
}

/**
 * Replaying a run's log met an event the workflow code no longer produces (the code changed while the run
 * was in flight, or it is not deterministic). The run fails with this error instead of hanging.
 * @example throw new ReplayDivergenceError({ runId, expected: 'step "step//a.ts//b"', recorded: "wait_created for wait_2" });
 */
export class ReplayDivergenceError extends WorkflowError {
  readonly runId: string;
  readonly expected: string;
  readonly recorded: string;
  readonly eventId?: string;

  constructor(details: ReplayDivergenceDetails) {
    const at = details.eventId ? ` at event ${details.eventId}` : "";
    super(
      "ERR_REPLAY_DIVERGENCE",
      `Replay of workflow run "${details.runId}" diverged from its event log${at}.\n` +
        `  expected (workflow code): ${details.expected}\n` +
        `  recorded (event log):     ${details.recorded}\n` +
        `The workflow code changed while the run was in flight, or it is not deterministic (it branches on ` +
        `something other than its arguments, step results, hook payloads and the workflow clock). ` +
        `Restore the code the run started with, or start a new run.`,
    );
    this.name = "ReplayDivergenceError";
    this.runId = details.runId;
    this.expected = details.expected;
    this.recorded = details.recorded;
    if (details.eventId) this.eventId = details.eventId;
  }

  static override is(value: unknown): value is ReplayDivergenceError {
    return WorkflowError.is(value) && value.code === "ERR_REPLAY_DIVERGENCE";
  }
}
