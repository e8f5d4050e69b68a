import type { WorkflowEvent } from "../../events/event.ts";
import { isTerminalStatus } from "../../events/terminal-events.ts";
import type { RunSummary } from "../world.ts";

/** Ended runs remembered at most; past that the oldest are forgotten (their reads then ask the database). */
const MAX_REMEMBERED = 10_000;
/** Characters of remembered log ends at most, all runs together; the oldest ends are forgotten first. */
const MAX_END_CHARS = 8 * 1024 * 1024;
/** A log end longer than this (a large return value) is not remembered: its reads ask the database. */
const MAX_ONE_END_CHARS = 64 * 1024;

/**
 * Reads of ended runs this instance answers without a statement. Nothing changes a run once its terminal
 * event is stored (`append_events` stores nothing more, and no statement updates or deletes an ended run's
 * rows), so what was read or written then stays true:
 * - a summary read with a terminal status is remembered as it was read;
 * - the events of the write that ended a run here are remembered with their place, the end of its log.
 * Polling a finished run (its status, then its outcome: the summary again and the log's last event) then
 * costs one summary read the first time and none after, instead of three statements each time.
 */
export interface PgEndedRuns {
  /** A copy of the remembered summary of the ended run `runId`, or undefined. */
  summary(runId: string): RunSummary | undefined;
  /** Remembers `summary` when its status is terminal (else does nothing). */
  rememberSummary(summary: RunSummary): void;
  /**
   * This instance stored `events` (the last one terminal) as the end of `runId`'s log, which then held
   * `eventCount` events.
   */
  rememberEnd(runId: string, events: WorkflowEvent[], eventCount: number): void;
  /** The events of `runId`'s log from index `from` on, when they are all remembered (fresh copies); else undefined. */
  events(runId: string, from: number): WorkflowEvent[] | undefined;
}

/** Sets `runId` in `map` as its newest entry, forgetting the oldest one when the map is full. */
function remember<T>(map: Map<string, T>, runId: string, value: T): void {
  map.delete(runId);
  if (map.size >= MAX_REMEMBERED) map.delete(map.keys().next().value as string);
  map.set(runId, value);
}

/**
 * Creates an empty memory of ended runs, bounded to the 10,000 most recently remembered of each kind, and
 * its log ends to 8 MB of JSON (an end above 64 KB is not kept).
 */
export function createPgEndedRuns(): PgEndedRuns {
  const summaries = new Map<string, RunSummary>();
  /** Per run: its last events as stored (JSON, parsed again on each read) and the index of the first one. */
  const ends = new Map<string, { first: number; bodies: string[]; chars: number }>();
  let endChars = 0;

  return {
    summary(runId) {
      const summary = summaries.get(runId);
      return summary && { ...summary };
    },
    rememberSummary(summary) {
      if (isTerminalStatus(summary.status)) remember(summaries, summary.runId, { ...summary });
    },
    rememberEnd(runId, events, eventCount) {
      if (events.length === 0 || eventCount < events.length) return;
      const bodies = events.map((event) => JSON.stringify(event));
      const chars = bodies.reduce((sum, body) => sum + body.length, 0);
      endChars -= ends.get(runId)?.chars ?? 0;
      ends.delete(runId);
      if (chars > MAX_ONE_END_CHARS) return;
      // Forget the oldest ends until this one fits within both bounds.
      for (const [oldest, end] of ends) {
        if (ends.size < MAX_REMEMBERED && endChars + chars <= MAX_END_CHARS) break;
        ends.delete(oldest);
        endChars -= end.chars;
      }
      ends.set(runId, { first: eventCount - events.length, bodies, chars });
      endChars += chars;
    },
    events(runId, from) {
      const end = ends.get(runId);
      if (!end || from < end.first) return undefined;
      return end.bodies.slice(from - end.first).map((body) => JSON.parse(body) as WorkflowEvent);
    },
  };
}
