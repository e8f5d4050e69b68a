import type { WorkflowEvent } from "../events/event.ts";
import { isTerminalRunEvent } from "../events/terminal-events.ts";
import type { StreamAttemptTag } from "./stream-chunk-codec.ts";

/** Reads a run's log from event index `from` (the World's `readEvents`); `undefined` for an unknown run. */
export type RunLogReader = (runId: string, from?: number) => Promise<WorkflowEvent[] | undefined>;

/** What a run's log says about the attempts of one step. */
interface StepAttempts {
  /** Highest attempt with a `step_started`. */
  started: number;
  /** The attempt whose `step_completed` is recorded. */
  completed?: number;
  /** Attempts that ended with `step_failed` (retried or not). */
  failed: Set<number>;
}

interface RunView {
  /** Events folded so far (the next `readEvents` starts here). */
  read: number;
  steps: Map<string, StepAttempts>;
  ended: boolean;
  /** The run's log does not exist here: nothing can be decided, every record stays visible. */
  missing: boolean;
  refreshedAt: number;
}

/** How old a "still running" answer may be before the log is read again (live readers only). */
const RUNNING_RECHECK_MS = 25;

/**
 * Decides which step attempts' stream records a reader delivers, from the run's log (folded incrementally,
 * read again only when a record names an attempt the fold has not seen, or a running attempt's answer is
 * stale). A record of attempt `a` of a step is visible while `a` is the step's current attempt of a live run,
 * and stays visible only if `a` completed the step; it is skipped once a later attempt started, `a` failed,
 * or the run ended without `a` completing (the attempt was cut short). The run is the one the correlation
 * id names (`step_<runULID>_<n>`), so records a step wrote to another run's stream are judged correctly.
 * @example const visibility = createAttemptVisibility(world.readEvents); if (await visibility.isVisible(tag)) …
 */
export function createAttemptVisibility(readEvents: RunLogReader | undefined): { isVisible(tag: StreamAttemptTag): Promise<boolean> } {
  const runs = new Map<string, RunView>();

  async function refresh(runId: string, view: RunView): Promise<void> {
    view.refreshedAt = Date.now();
    const events = await readEvents!(runId, view.read);
    if (events === undefined) {
      view.missing = view.read === 0;
      return;
    }
    view.missing = false;
    view.read += events.length;
    for (const event of events) fold(view, event);
  }

  function decide(view: RunView, tag: StreamAttemptTag): "visible" | "hidden" | "running" | "unknown" {
    if (view.missing) return "visible";
    const step = view.steps.get(tag.correlationId);
    if (step?.completed !== undefined) return step.completed === tag.attempt ? "visible" : "hidden";
    if (step && (step.failed.has(tag.attempt) || step.started > tag.attempt)) return "hidden";
    if (!step || step.started < tag.attempt) return view.ended ? "hidden" : "unknown";
    return view.ended ? "hidden" : "running";
  }

  return {
    async isVisible(tag) {
      const runId = runIdOf(tag.correlationId);
      if (!readEvents || runId === undefined) return true;
      let view = runs.get(runId);
      if (!view) {
        view = { read: 0, steps: new Map(), ended: false, missing: false, refreshedAt: 0 };
        runs.set(runId, view);
        await refresh(runId, view);
      }
      let verdict = decide(view, tag);
      const stale = verdict === "running" && Date.now() - view.refreshedAt >= RUNNING_RECHECK_MS;
      if (verdict === "unknown" || stale) {
        await refresh(runId, view);
        verdict = decide(view, tag);
      }
      // An attempt the log does not show yet is one starting now (a step writes only after its
      // `step_started` is durable): a live reader delivers it.
      return verdict !== "hidden";
    },
  };
}

function fold(view: RunView, event: WorkflowEvent): void {
  if (isTerminalRunEvent(event)) {
    view.ended = true;
    return;
  }
  if (event.type !== "step_started" && event.type !== "step_completed" && event.type !== "step_failed") return;
  let step = view.steps.get(event.correlationId);
  if (!step) view.steps.set(event.correlationId, (step = { started: 0, failed: new Set() }));
  if (event.type === "step_started") step.started = Math.max(step.started, event.attempt);
  // An outcome belongs to the attempt started last; a duplicate terminal event changes nothing.
  else if (event.type === "step_completed") step.completed ??= step.started;
  else if (step.completed === undefined) step.failed.add(step.started);
}

/** `step_<ULID>_<n>` → `wrun_<ULID>`; undefined for an id of another shape. */
function runIdOf(correlationId: string): string | undefined {
  const first = correlationId.indexOf("_");
  const last = correlationId.lastIndexOf("_");
  return last > first + 1 ? `wrun_${correlationId.slice(first + 1, last)}` : undefined;
}
