import type { RunCancelledEvent, RunCompletedEvent, RunFailedEvent, RunStatus, WorkflowEvent } from "./event.ts";

/** A run event after which the log accepts nothing else. */
export type TerminalRunEvent = RunCompletedEvent | RunFailedEvent | RunCancelledEvent;

/** The status a run has once it ended: `completed`, `failed` or `cancelled`. */
export type TerminalRunStatus = "completed" | "failed" | "cancelled";

/** The terminal status each terminal run event gives its run. */
export const TERMINAL_STATUS_OF: Readonly<Record<TerminalRunEvent["type"], TerminalRunStatus>> = {
  run_completed: "completed",
  run_failed: "failed",
  run_cancelled: "cancelled",
};

/** Event types that end a run; after one of them the log accepts nothing else. */
export const TERMINAL_RUN_EVENTS: ReadonlySet<string> = new Set<string>(Object.keys(TERMINAL_STATUS_OF));

const TERMINAL_STATUSES: ReadonlySet<string> = new Set<string>(Object.values(TERMINAL_STATUS_OF));

/**
 * True for `run_completed`, `run_failed` and `run_cancelled`: the first one in a log ends the run.
 * @example if (events.some(isTerminalRunEvent)) return; // the run is over
 */
export function isTerminalRunEvent<E extends { type: string }>(event: E): event is E & TerminalRunEvent {
  return TERMINAL_RUN_EVENTS.has(event.type);
}

/** The status a terminal run event gives its run; undefined for any other event type. */
export function terminalStatusOf(type: WorkflowEvent["type"] | string): TerminalRunStatus | undefined {
  return Object.hasOwn(TERMINAL_STATUS_OF, type) ? TERMINAL_STATUS_OF[type as TerminalRunEvent["type"]] : undefined;
}

/** True for the statuses of an ended run: `completed`, `failed`, `cancelled`. */
export function isTerminalStatus(status: RunStatus | string): status is TerminalRunStatus {
  return TERMINAL_STATUSES.has(status);
}
