import { WorkflowError } from "./workflow-error.ts";

/**
 * `getRun(runId)` and friends were given an id no world knows.
 * @example throw new WorkflowRunNotFoundError("wrun_01J…");
 */
export class WorkflowRunNotFoundError extends WorkflowError {
  readonly runId: string;

  constructor(runId: string) {
    super(
      "ERR_RUN_NOT_FOUND",
      `Workflow run "${runId}" not found. Check the id (it starts with "wrun_") and that this process uses the same world and data directory as the one that started the run.`,
    );
    this.name = "WorkflowRunNotFoundError";
    this.runId = runId;
  }

  static override is(value: unknown): value is WorkflowRunNotFoundError {
    return WorkflowError.is(value) && value.name === "WorkflowRunNotFoundError";
  }
}

/**
 * The run ended with an error; `run.returnValue` rejects with this. `cause` is the workflow's error, rebuilt
 * from the event log with its name, message, stack and own cause chain.
 * @example try { await run.returnValue } catch (e) { if (WorkflowRunFailedError.is(e)) console.error(e.cause) }
 */
export class WorkflowRunFailedError extends WorkflowError {
  readonly runId: string;

  constructor(runId: string, cause: unknown) {
    super("ERR_RUN_FAILED", `Workflow run "${runId}" failed: ${messageOf(cause)}`, { cause, learnMore: false });
    this.name = "WorkflowRunFailedError";
    this.runId = runId;
  }

  static override is(value: unknown): value is WorkflowRunFailedError {
    return WorkflowError.is(value) && value.name === "WorkflowRunFailedError";
  }
}

/** The run was cancelled before it finished; `run.returnValue` rejects with this. */
export class WorkflowRunCancelledError extends WorkflowError {
  readonly runId: string;

  constructor(runId: string) {
    super("ERR_RUN_CANCELLED", `Workflow run "${runId}" cancelled`, { learnMore: false });
    this.name = "WorkflowRunCancelledError";
    this.runId = runId;
  }

  static override is(value: unknown): value is WorkflowRunCancelledError {
    return WorkflowError.is(value) && value.name === "WorkflowRunCancelledError";
  }
}

/** A value that exists only once a run has finished (its return value) was asked for too early. */
export class WorkflowRunNotCompletedError extends WorkflowError {
  readonly runId: string;
  readonly status: string;

  constructor(runId: string, status: string) {
    super("ERR_RUN_NOT_COMPLETED", `Workflow run "${runId}" has not completed (status: ${status})`, {
      learnMore: false,
    });
    this.name = "WorkflowRunNotCompletedError";
    this.runId = runId;
    this.status = status;
  }

  static override is(value: unknown): value is WorkflowRunNotCompletedError {
    return WorkflowError.is(value) && value.name === "WorkflowRunNotCompletedError";
  }
}

function messageOf(cause: unknown): string {
  if (typeof cause === "object" && cause !== null && typeof (cause as { message?: unknown }).message === "string") {
    return (cause as { message: string }).message;
  }
  return String(cause);
}
