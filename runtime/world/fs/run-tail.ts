import type { NewWorkflowEvent, WorkflowEvent } from "../../events/event.ts";
import { settlingKey } from "../../events/settling-events.ts";
import { isTerminalStatus, terminalStatusOf } from "../../events/terminal-events.ts";
import type { AppendOptions, RunSummary } from "../world.ts";
import type { ParsedLine } from "./log-lines.ts";

/**
 * What this process knows about one run's log without re-reading it: committed byte length, the offset
 * of every event line (so `readEvents(from)` reads only the requested range), the correlation ids that
 * already reached a terminal event, and the summary fold. Updated in O(new events).
 */
export interface RunTail {
  runId: string;
  logPath: string;
  /** Open read-write descriptor of the log. */
  fd: number;
  /** Bytes of complete batches; anything after is torn or being written. */
  size: number;
  offsets: number[];
  lastEventId: string;
  /** Settlement keys (`settlingKey`: `step:<id>`, `wait:<id>`, `hook:<id>`) of correlations that already ended. */
  ended: Set<string>;
  summary: RunSummary;
  /** Serializes catch-up and appends of this tail within the process. */
  queue: Promise<unknown>;
  busy: number;
  /** Length of the append being written and fdatasync'd now (0 when none). */
  writing: number;
  /** Appends waiting for the next group commit (see `appendEvents`); undefined when none is queued. */
  group: Array<{ events: NewWorkflowEvent[]; options?: AppendOptions; resolve(stored: WorkflowEvent[]): void; reject(error: unknown): void }> | undefined;
}

/** True once the run's log holds a terminal run event. */
export function isTerminal(tail: RunTail): boolean {
  return isTerminalStatus(tail.summary.status);
}

/** Folds committed lines into the tail (offsets, ended correlations, summary). */
export function applyLines(tail: RunTail, lines: ParsedLine[]): void {
  for (const { event, offset } of lines) applyEvent(tail, event, offset);
}

/** Folds one committed event into the tail. */
export function applyEvent(tail: RunTail, event: WorkflowEvent, offset: number): void {
  tail.offsets.push(offset);
  tail.lastEventId = event.eventId;
  tail.summary.eventCount++;
  const key = settlingKey(event);
  if (key !== undefined) tail.ended.add(key);
  if (event.type === "run_created") {
    tail.summary.workflowName = event.workflowName;
    tail.summary.createdAt = event.createdAt;
  } else if (event.type === "run_started") {
    if (tail.summary.status === "pending") tail.summary.status = "running";
    tail.summary.startedAt ??= event.createdAt;
  } else {
    const status = terminalStatusOf(event.type);
    if (status !== undefined) {
      tail.summary.status = status;
      tail.summary.completedAt = event.createdAt;
    }
  }
}

/** A fresh tail for a log about to be folded from its start. */
export function emptyTail(runId: string, logPath: string, fd: number): RunTail {
  return {
    runId,
    logPath,
    fd,
    size: 0,
    offsets: [],
    lastEventId: "",
    ended: new Set(),
    summary: { runId, workflowName: "", status: "pending", createdAt: 0, eventCount: 0 },
    queue: Promise.resolve(),
    busy: 0,
    writing: 0,
    group: undefined,
  };
}
