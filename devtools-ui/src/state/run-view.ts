/**
 * Everything the run detail shows, as a pure function of the event log and a cursor: the shared fold
 * (`reduceRun`) plus the waterfall layout. With a cursor (time travel) the view is the run as it stood
 * right after that event, with open bars ending at that event's time.
 */
import type { RecordedError, RunOrigin, WorkflowEvent } from "../../../runtime/events/event.ts";
import { reduceRun, type HookState, type RunState } from "../../../runtime/events/reduce-run.ts";
import { isTerminalStatus } from "../../../runtime/events/terminal-events.ts";
import { layoutWaterfall, type Waterfall } from "./waterfall.ts";

export interface RunView {
  state: RunState;
  waterfall: Waterfall;
  /** Events the view covers (the whole log, or up to and including the cursor). */
  events: readonly WorkflowEvent[];
  /** The cursor in effect (index of the last included event), or `undefined` for "live". */
  cursor: number | undefined;
  /** The moment the view shows: now when live, the cursor event's time when travelling. */
  at: number;
}

export function buildRunView(log: readonly WorkflowEvent[], options: { now: number; cursor?: number }): RunView {
  const cursor = options.cursor === undefined || log.length === 0 ? undefined : Math.max(0, Math.min(log.length - 1, options.cursor));
  const events = cursor === undefined ? log : log.slice(0, cursor + 1);
  const state = reduceRun(events);
  const at = cursor === undefined ? options.now : (events[cursor]?.createdAt ?? options.now);
  return { state, waterfall: layoutWaterfall(events, at, state), events, cursor, at };
}

/**
 * How long the run has taken as the view shows it: from its start to its end, or to `at` while it has not
 * ended (so a cursor on an earlier event gives the duration up to that event, not up to now).
 */
export function runDuration(state: RunState, at: number): number | undefined {
  if (state.createdAt === undefined) return undefined;
  return (state.completedAt ?? at) - (state.startedAt ?? state.createdAt);
}

/** A hook's status: `received` once a payload came, and a hook still waiting when its run ended is `disposed`. */
export function hookStatus(hook: HookState, runEnded: boolean): "disposed" | "received" | "waiting" {
  if (hook.disposed) return "disposed";
  if (hook.receivedCount > 0) return "received";
  return runEnded ? "disposed" : "waiting";
}

/** Where a re-run comes from, as its `run_created` records it; undefined for a run started normally. */
export function runOrigin(log: readonly WorkflowEvent[]): RunOrigin | undefined {
  const created = log[0];
  return created?.type === "run_created" ? created.origin : undefined;
}

/** Sleeps that are still pending (the "wake now" action applies to these). */
export function pendingWaits(state: RunState): string[] {
  return Object.values(state.waits).filter((wait) => !wait.completed).map((wait) => wait.waitId);
}

/**
 * The error the run header shows: why the run failed, or else the world's report of a damaged log
 * (`ERR_CORRUPT_LOG` on the run summary), which a run that had already ended keeps alongside its status.
 */
export function runProblem(state: RunState, damage: RecordedError | undefined): RecordedError | undefined {
  return state.status === "failed" ? (state.error ?? damage) : damage;
}

/** True once the run has a terminal status. */
export function isFinished(state: RunState): boolean {
  return isTerminalStatus(state.status);
}
