/**
 * Lays a run's event log out as a waterfall: one row per step, sleep, hook and webhook, each a list of
 * typed segments (queued, executing, backoff, waiting) on a shared time axis. Pure: the same events and
 * `now` always give the same layout, so time travel is `layoutWaterfall(events.slice(0, i + 1), at)`.
 * Unknown or malformed events are skipped, never fatal. Row statuses come from the shared fold
 * (`reduceRun`), so the panel and the engine always agree on them; the layout only adds the timings the
 * fold does not keep (queue and backoff time per attempt, payload arrival times, event indices).
 */
import type { RecordedError, WorkflowEvent } from "../../../runtime/events/event.ts";
import { reduceRun, type RunState } from "../../../runtime/events/reduce-run.ts";
import { isTerminalRunEvent } from "../../../runtime/events/terminal-events.ts";
import { decodeValue, previewValue } from "./decode-value.ts";

export type WaterfallKind = "step" | "sleep" | "hook" | "webhook";
export type SegmentKind = "queued" | "executing" | "backoff" | "waiting";
export type RowStatus = "queued" | "running" | "retrying" | "completed" | "failed" | "waiting" | "received" | "disposed" | "abandoned";

export interface Segment {
  kind: SegmentKind;
  from: number;
  to: number;
  /** True while the segment is still going on (its end is `now`). */
  open: boolean;
  attempt?: number;
}

export interface Attempt {
  attempt: number;
  queuedAt: number;
  startedAt?: number;
  endedAt?: number;
  outcome: "queued" | "running" | "completed" | "failed" | "retrying" | "abandoned";
  error?: RecordedError;
}

export interface Marker {
  at: number;
  kind: "retry" | "received" | "resume-due" | "failed";
  label: string;
}

export interface WaterfallRow {
  /** Correlation id (`step_…`, `wait_…`, `hook_…`). */
  id: string;
  kind: WaterfallKind;
  /** Short label: the step's function name, `sleep`, or the hook token. */
  label: string;
  /** Full name: the step id, or the token. */
  name: string;
  /**
   * 1-based position among the rows with the same label, set only when the label repeats (50 `parStep`
   * rows read `parStep #1` … `parStep #50`).
   */
  ordinal?: number;
  /** One-line preview of a step's arguments, e.g. `(3, "a")`. */
  argsPreview?: string;
  status: RowStatus;
  createdAt: number;
  endedAt?: number;
  segments: Segment[];
  markers: Marker[];
  attempts: Attempt[];
  /** Indices (into the events given) of every event about this row. */
  eventIndices: number[];
  /** Time spent waiting in the queue or backing off vs running user code, in ms. */
  waitingMs: number;
  executingMs: number;
  resumeAt?: number;
  token?: string;
}

export interface Waterfall {
  rows: WaterfallRow[];
  startAt: number;
  endAt: number;
  /** True when the run has not ended, so open segments grow with `now`. */
  live: boolean;
}

/**
 * Builds the waterfall of `events` as of `now` (used to close segments that are still open). Pass the
 * fold's `state` for the same events when you already have it.
 */
export function layoutWaterfall(events: readonly WorkflowEvent[], now: number, state: RunState = reduceRun(events)): Waterfall {
  const rows = new Map<string, WaterfallRow>();
  const order: WaterfallRow[] = [];
  let startAt = Number.POSITIVE_INFINITY;
  let runStartedAt: number | undefined;
  let runEndedAt: number | undefined;

  events.forEach((event, index) => {
    if (!event || typeof event !== "object" || typeof event.createdAt !== "number") return;
    startAt = Math.min(startAt, event.createdAt);
    const at = event.createdAt;
    if (event.type === "run_started") runStartedAt ??= at;
    if (isTerminalRunEvent(event)) {
      runEndedAt ??= at;
      return;
    }
    const id = (event as { correlationId?: unknown }).correlationId;
    if (typeof id !== "string") return;
    let row = rows.get(id);
    const create = (kind: WaterfallKind, label: string, name: string, status: RowStatus): WaterfallRow => {
      const created: WaterfallRow = {
        id, kind, label, name, status, createdAt: at, segments: [], markers: [], attempts: [], eventIndices: [], waitingMs: 0, executingMs: 0,
      };
      rows.set(id, created);
      order.push(created);
      return created;
    };
    switch (event.type) {
      case "step_created":
        if (row) return;
        row = create("step", shortStepName(event.stepName), String(event.stepName), "queued");
        row.argsPreview = argumentsPreview(event.input);
        row.attempts.push({ attempt: 1, queuedAt: at, outcome: "queued" });
        break;
      case "step_started": {
        row ??= create("step", id, id, "queued");
        const attempt = lastAttempt(row, event.attempt, at);
        attempt.startedAt = at;
        attempt.outcome = "running";
        row.status = "running";
        break;
      }
      case "step_retrying": {
        if (!row) return;
        const current = row.attempts.at(-1);
        if (current && current.endedAt === undefined) {
          current.endedAt = at;
          current.outcome = "retrying";
        }
        const retryAt = typeof event.retryAt === "number" ? event.retryAt : at;
        row.attempts.push({ attempt: event.attempt, queuedAt: Math.max(at, retryAt), outcome: "queued" });
        row.markers.push({ at, kind: "retry", label: `retry → attempt ${event.attempt}` });
        row.status = "retrying";
        break;
      }
      case "step_completed":
        if (!row || isDone(row)) return;
        closeAttempt(row, at, "completed");
        row.status = "completed";
        row.endedAt = at;
        break;
      case "step_failed": {
        if (!row || isDone(row)) return;
        const current = row.attempts.at(-1);
        if (current) current.error = event.error;
        if (event.fatal) {
          closeAttempt(row, at, "failed");
          row.status = "failed";
          row.endedAt = at;
          row.markers.push({ at, kind: "failed", label: event.error?.message ?? "failed" });
        } else if (current && current.endedAt === undefined) {
          current.endedAt = at;
          current.outcome = "retrying";
        }
        break;
      }
      case "wait_created":
        row ??= create("sleep", "sleep", id, "waiting");
        row.resumeAt = event.resumeAt;
        if (typeof event.resumeAt === "number") row.markers.push({ at: event.resumeAt, kind: "resume-due", label: "resume due" });
        break;
      case "wait_completed":
        if (!row || isDone(row)) return;
        row.status = "completed";
        row.endedAt = at;
        break;
      case "hook_created":
        row ??= create(event.kind === "webhook" ? "webhook" : "hook", shortToken(String(event.token)), String(event.token), "waiting");
        row.token = event.token;
        break;
      case "hook_received":
        if (!row) return;
        row.status = "received";
        row.markers.push({ at, kind: "received", label: "payload received" });
        break;
      case "hook_disposed":
        if (!row || row.endedAt !== undefined) return;
        row.status = "disposed";
        row.endedAt = at;
        break;
      default:
        return;
    }
    row.eventIndices.push(index);
  });

  if (!Number.isFinite(startAt)) startAt = now;
  // The axis starts when the run started, not when it was created: time spent queued before the first
  // replay would otherwise squeeze the run's own work into the right edge.
  const firstWork = order.reduce((first, row) => Math.min(first, row.createdAt), Number.POSITIVE_INFINITY);
  if (runStartedAt !== undefined) startAt = Math.max(startAt, Math.min(runStartedAt, firstWork));
  numberRepeatedLabels(order);
  const live = runEndedAt === undefined;
  const horizon = runEndedAt ?? Math.max(now, startAt);
  let endAt = horizon;
  for (const row of order) {
    row.status = statusFromFold(row, state) ?? row.status;
    buildSegments(row, horizon, live);
    for (const segment of row.segments) endAt = Math.max(endAt, segment.to);
    if (!live && row.endedAt === undefined && (row.kind === "step" || row.kind === "sleep")) row.status = "abandoned";
    // A hook still waiting when its run ended can no longer receive a payload: it ended with the run.
    if (!live && (row.kind === "hook" || row.kind === "webhook") && row.status === "waiting") row.status = "disposed";
  }
  return { rows: order, startAt, endAt, live };
}

function statusFromFold(row: WaterfallRow, state: RunState): RowStatus | undefined {
  if (row.kind === "step") {
    const step = state.steps[row.id];
    if (!step) return undefined;
    return step.status === "pending" ? "queued" : step.status;
  }
  if (row.kind === "sleep") {
    const wait = state.waits[row.id];
    return wait ? (wait.completed ? "completed" : "waiting") : undefined;
  }
  const hook = state.hooks[row.id];
  if (!hook) return undefined;
  return hook.disposed ? "disposed" : hook.receivedCount > 0 ? "received" : "waiting";
}

function buildSegments(row: WaterfallRow, horizon: number, live: boolean): void {
  const push = (kind: SegmentKind, from: number, to: number | undefined, attempt?: number) => {
    const open = to === undefined;
    const end = Math.max(from, to ?? horizon);
    row.segments.push({ kind, from, to: end, open: open && live, attempt });
    if (kind === "executing") row.executingMs += end - from;
    else row.waitingMs += end - from;
  };
  if (row.kind === "step") {
    let previousEnd: number | undefined;
    for (const attempt of row.attempts) {
      const queuedFrom = Math.max(attempt.queuedAt, previousEnd ?? attempt.queuedAt);
      const startedAt = attempt.startedAt;
      if (previousEnd !== undefined && queuedFrom > previousEnd) {
        push("backoff", previousEnd, Math.min(queuedFrom, startedAt ?? queuedFrom), attempt.attempt);
      }
      if (startedAt === undefined) {
        if (row.endedAt === undefined) push("queued", queuedFrom, undefined, attempt.attempt);
        if (!live && attempt.outcome === "queued") attempt.outcome = "abandoned";
        break;
      }
      push("queued", Math.min(queuedFrom, startedAt), startedAt, attempt.attempt);
      push("executing", startedAt, attempt.endedAt, attempt.attempt);
      if (!live && attempt.endedAt === undefined) attempt.outcome = "abandoned";
      previousEnd = attempt.endedAt;
      if (previousEnd === undefined) break;
    }
    return;
  }
  push("waiting", row.createdAt, row.endedAt);
}

function lastAttempt(row: WaterfallRow, number: number, at: number): Attempt {
  const n = typeof number === "number" && number > 0 ? number : row.attempts.length || 1;
  let attempt = row.attempts.find((a) => a.attempt === n);
  if (!attempt) {
    attempt = { attempt: n, queuedAt: at, outcome: "queued" };
    row.attempts.push(attempt);
  }
  return attempt;
}

function closeAttempt(row: WaterfallRow, at: number, outcome: Attempt["outcome"]): void {
  const current = row.attempts.at(-1);
  if (!current) return;
  current.startedAt ??= at;
  current.endedAt ??= at;
  current.outcome = outcome;
}

function isDone(row: WaterfallRow): boolean {
  // A duplicate terminal event for a correlation id is ignored, as the engine does.
  return row.endedAt !== undefined;
}

/** Numbers rows whose label repeats, in order of appearance, so identical steps can be told apart. */
function numberRepeatedLabels(rows: readonly WaterfallRow[]): void {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(`${row.kind}:${row.label}`, (counts.get(`${row.kind}:${row.label}`) ?? 0) + 1);
  const seen = new Map<string, number>();
  for (const row of rows) {
    const key = `${row.kind}:${row.label}`;
    if ((counts.get(key) ?? 0) < 2) continue;
    const next = (seen.get(key) ?? 0) + 1;
    seen.set(key, next);
    row.ordinal = next;
  }
}

/** `(1, "a")` for a step's serialized argument list; `undefined` when there is nothing useful to show. */
export function argumentsPreview(serialized: unknown, max = 40): string | undefined {
  if (typeof serialized !== "string") return undefined;
  const node = decodeValue(serialized);
  if (node.kind !== "array") return undefined;
  const text = previewValue(node, max + 2);
  return `(${text.slice(1, text.endsWith("]") ? -1 : undefined)})`;
}

/**
 * A token short enough for a row label that still tells tokens with a shared prefix apart: long tokens keep
 * their first few characters and their distinguishing tail (`approval:…doc-1712345678`).
 */
export function shortToken(token: string, max = 22): string {
  if (token.length <= max) return token;
  const head = Math.min(8, Math.floor(max / 3));
  return `${token.slice(0, head)}…${token.slice(token.length - (max - head - 1))}`;
}

/** `step//src/a.ts//sendEmail` → `sendEmail`; object-literal steps keep their `<parent>/<prop>` tail. */
export function shortStepName(stepName: unknown): string {
  if (typeof stepName !== "string" || !stepName) return "step";
  const parts = stepName.split("//");
  return parts.length >= 3 ? parts.slice(2).join("//") : stepName;
}

/** Position of `at` on the waterfall's axis, in percent (0-100). */
export function toPercent(waterfall: Waterfall, at: number): number {
  const span = Math.max(1, waterfall.endAt - waterfall.startAt);
  return Math.min(100, Math.max(0, ((at - waterfall.startAt) / span) * 100));
}

/** Evenly spaced, human-friendly tick offsets (ms from start) for the waterfall's time axis. */
export function axisTicks(waterfall: Waterfall, count = 6): number[] {
  const span = Math.max(1, waterfall.endAt - waterfall.startAt);
  const raw = span / count;
  const steps = [1, 2, 5, 10, 20, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000];
  const step = steps.find((s) => s >= raw) ?? Math.ceil(raw / 86_400_000) * 86_400_000;
  const ticks: number[] = [];
  for (let t = 0; t <= span; t += step) ticks.push(t);
  return ticks;
}
