import { dirname, join } from "node:path";
import type { NewWorkflowEvent, RecordedError, RunFailedEvent, WorkflowEvent } from "../../events/event.ts";
import { settlingKey } from "../../events/settling-events.ts";
import { isTerminalStatus, terminalStatusOf } from "../../events/terminal-events.ts";
import type { AppendOptions, RunSummary } from "../world.ts";
import type { ParsedChunk, ParsedLine } from "./log-lines.ts";
import { CorruptLogError } from "./world-errors.ts";

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
  /** Complete lines in the first `size` bytes, readable or not. */
  lines: number;
  /** File offset of every readable event line, in order. */
  offsets: number[];
  lastEventId: string;
  /** `createdAt` of the last readable event. */
  lastCreatedAt: number;
  /** Settlement keys (`settlingKey`: `step:<id>`, `wait:<id>`, `hook:<id>`) of correlations that already ended. */
  ended: Set<string>;
  /** Correlation ids of the hooks whose `hook_created` the log holds (see `HookIndex.getRecorded`). */
  hooksCreated: Set<string>;
  /** Fold of the readable events; `summaryOf` adds what `damage` changes. */
  summary: RunSummary;
  /** Set once an unreadable line is found with valid lines after it; the log is then never written. */
  damage?: TailDamage;
  /** Serializes catch-up and appends of this tail within the process. */
  queue: Promise<unknown>;
  busy: number;
  /** Length of the append being written and fdatasync'd now (0 when none). */
  writing: number;
  /** Appends waiting for the next group commit (see `appendEvents`); undefined when none is queued. */
  group: Array<{ events: NewWorkflowEvent[]; options?: AppendOptions; resolve(stored: WorkflowEvent[]): void; reject(error: unknown): void }> | undefined;
}

/** The lease file that guards appends to the log of the run in `runDir` (`runs/<runId>/lock`). */
export function runLockPath(runDir: string): string {
  return join(runDir, "lock");
}

/** The lease file that guards appends to `tail`'s log. */
export function lockPathOf(tail: RunTail): string {
  return runLockPath(dirname(tail.logPath));
}

/** How a damaged log reads: its first broken line, and the failure the run reports. */
export interface TailDamage {
  /** 1-based line number of the first unreadable line. */
  line: number;
  offset: number;
  error: RecordedError;
  /**
   * The `run_failed` that `readEvents` returns after the readable events when none of them ends the run, so
   * every fold (engine, CLI, panel) sees the run as failed. Never stored: repairing the file resumes the run.
   */
  standIn?: RunFailedEvent;
}

/** True once the run's log holds a terminal run event, or is damaged (nothing more is appended then). */
export function isTerminal(tail: RunTail): boolean {
  return tail.damage !== undefined || isTerminalStatus(tail.summary.status);
}

/** The run's summary: the fold of its readable events, failed with the damage when the log is damaged. */
export function summaryOf(tail: RunTail): RunSummary {
  const { damage } = tail;
  if (!damage) return { ...tail.summary };
  if (!damage.standIn) return { ...tail.summary, error: damage.error };
  return { ...tail.summary, status: "failed", completedAt: damage.standIn.createdAt, eventCount: tail.summary.eventCount + 1, error: damage.error };
}

/**
 * Folds a parsed chunk that starts at `tail.size`: its events, its length, and the damage it shows.
 * `nextEventId` gives the stand-in `run_failed` an id after the last stored one.
 */
export function applyChunk(tail: RunTail, chunk: ParsedChunk, nextEventId: (after: string, at: number) => string): void {
  const linesBefore = tail.lines;
  applyLines(tail, chunk.lines);
  tail.size = chunk.committedEnd;
  // `applyEvent` counted the readable lines.
  tail.lines += chunk.committedLines - chunk.lines.length;
  if (!chunk.damage || tail.damage) return;
  const line = linesBefore + chunk.damage.linesBefore + 1;
  const { name, message, code } = new CorruptLogError(tail.logPath, line, chunk.damage.offset);
  tail.damage = { line, offset: chunk.damage.offset, error: { name, message, code } };
  if (isTerminalStatus(tail.summary.status)) return;
  const createdAt = tail.lastCreatedAt;
  tail.damage.standIn = { type: "run_failed", runId: tail.runId, eventId: nextEventId(tail.lastEventId, createdAt), createdAt, error: tail.damage.error };
}

/** Folds committed lines into the tail (offsets, ended correlations, summary). */
export function applyLines(tail: RunTail, lines: ParsedLine[]): void {
  for (const { event, offset } of lines) applyEvent(tail, event, offset);
}

/** Folds one committed event into the tail. */
export function applyEvent(tail: RunTail, event: WorkflowEvent, offset: number): void {
  tail.offsets.push(offset);
  tail.lines++;
  tail.lastEventId = event.eventId;
  tail.lastCreatedAt = event.createdAt;
  tail.summary.eventCount++;
  const key = settlingKey(event);
  if (key !== undefined) tail.ended.add(key);
  if (event.type === "hook_created") tail.hooksCreated.add(event.correlationId);
  else if (event.type === "run_created") {
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

/**
 * Folds events this process just wrote at the tail's end (`bytes`, encoded by `encodeBatch`, one line per
 * event) and advances the committed size past them.
 */
export function applyWritten(tail: RunTail, written: Iterable<WorkflowEvent>, bytes: Buffer): void {
  let lineStart = 0;
  for (const event of written) {
    applyEvent(tail, event, tail.size + lineStart);
    lineStart = bytes.indexOf(0x0a, lineStart) + 1;
  }
  tail.size += bytes.length;
}

/** A fresh tail for a log about to be folded from its start. */
export function emptyTail(runId: string, logPath: string, fd: number): RunTail {
  return {
    runId,
    logPath,
    fd,
    size: 0,
    lines: 0,
    offsets: [],
    lastEventId: "",
    lastCreatedAt: 0,
    ended: new Set(),
    hooksCreated: new Set(),
    summary: { runId, workflowName: "", status: "pending", createdAt: 0, eventCount: 0 },
    queue: Promise.resolve(),
    busy: 0,
    writing: 0,
    group: undefined,
  };
}
