import type { RecordedError, WorkflowEvent } from "../events/event.ts";
import type { HookState, RunState, StepAttempt, StepState, WaitState } from "../events/reduce-run.ts";
import { shortName } from "./format.ts";
import { isTerminalStatus } from "../events/terminal-events.ts";
import { hydrate, type Json, toJsonSafe, type Warn } from "./hydrate.ts";
import type { RunListItem } from "./open-inspector.ts";

/**
 * The objects `--json` prints, also what the human views are rendered from: timestamps as ISO strings (null
 * when unknown), payloads hydrated (see `hydrate`), errors as `{ name, message, stack, code, cause }`.
 * A run in a list is the same object as the head of `inspect runs <id>`, which adds the run's details.
 */
export interface RunJson {
  runId: string;
  workflowName: string;
  /** The function name part of `workflowName`. */
  workflow: string;
  status: string;
  createdAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
  /** From start (or creation) to completion; null until the run ends. */
  durationMs: number | null;
  eventCount: number;
  /** Why the run failed, when known without its events; a damaged log (`ERR_CORRUPT_LOG`) even if it ended. */
  error: ErrorJson | null;
}

export interface ErrorJson {
  name: string;
  message: string;
  stack: string | null;
  code: string | null;
  cause: ErrorJson | null;
}

export const iso = (at: number | undefined): string | null =>
  typeof at === "number" && Number.isFinite(at) ? new Date(at).toISOString() : null;

const span = (from: number | undefined, to: number | undefined): number | null =>
  typeof from === "number" && typeof to === "number" && Number.isFinite(from) && Number.isFinite(to) ? to - from : null;

/** A recorded error (plain JSON in the log) in its printed form; tolerates fields missing in old logs. */
export function errorToJson(error: RecordedError | undefined, depth = 0): ErrorJson | null {
  if (!error || typeof error !== "object") return error === undefined ? null : { name: "Error", message: String(error), stack: null, code: null, cause: null };
  return {
    name: typeof error.name === "string" ? error.name : "Error",
    message: typeof error.message === "string" ? error.message : JSON.stringify(toJsonSafe(error.message)),
    stack: typeof error.stack === "string" ? error.stack : null,
    code: typeof error.code === "string" ? error.code : null,
    cause: depth < 8 ? errorToJson(error.cause, depth + 1) : null,
  };
}

/** A run summary (from a listing or a fold) as printed. */
export function runToJson(run: RunListItem): RunJson {
  return {
    runId: run.runId,
    workflowName: run.workflowName,
    workflow: shortName(run.workflowName),
    status: run.status,
    createdAt: iso(run.createdAt),
    startedAt: iso(run.startedAt),
    completedAt: iso(run.completedAt),
    durationMs: span(run.startedAt ?? run.createdAt, run.completedAt),
    eventCount: run.eventCount,
    error: errorToJson(run.error),
  };
}

export interface RunDetailJson extends RunJson {
  input: Json | null;
  output: Json | null;
  error: ErrorJson | null;
  cancelReason: string | null;
  idempotencyKey: string | null;
  url: string | null;
  steps: StepJson[];
  waits: WaitJson[];
  hooks: HookJson[];
}

/** The summary part of a folded run. */
export function summaryOfState(runId: string, state: RunState): RunListItem {
  return {
    runId,
    workflowName: state.workflowName ?? "",
    status: state.createdAt === undefined ? "unknown" : state.status,
    createdAt: state.createdAt ?? Number.NaN,
    ...(state.startedAt === undefined ? {} : { startedAt: state.startedAt }),
    ...(state.completedAt === undefined ? {} : { completedAt: state.completedAt }),
    eventCount: state.eventCount,
  };
}

/**
 * `inspect runs <id>`: the run with its payloads, steps, waits and hooks. `damage` is the world's report of
 * an unreadable log line, shown as the error of a run whose log does not record one.
 */
export function runDetailToJson(runId: string, state: RunState, warn: Warn, damage?: RecordedError): RunDetailJson {
  const terminal = isTerminalStatus(state.status);
  return {
    ...runToJson(summaryOfState(runId, state)),
    input: hydrate(state.input, `input of run ${runId}`, warn) ?? null,
    output: state.status === "completed" ? (hydrate(state.output, `output of run ${runId}`, warn) ?? null) : null,
    error: errorToJson(state.error ?? damage),
    cancelReason: state.cancelReason ?? null,
    idempotencyKey: state.idempotencyKey ?? null,
    url: state.url ?? null,
    steps: Object.values(state.steps).map((step) => stepToJson(runId, step, warn)),
    waits: Object.values(state.waits).map(waitToJson),
    hooks: Object.values(state.hooks).map((hook) => hookToJson(runId, hook, terminal, warn)),
  };
}

export interface StepJson {
  runId: string;
  stepId: string;
  stepName: string;
  step: string;
  status: string;
  attempt: number;
  attempts: AttemptJson[];
  input: Json | null;
  output: Json | null;
  error: ErrorJson | null;
  createdAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
  retryAt: string | null;
  durationMs: number | null;
}

export interface AttemptJson {
  attempt: number;
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
  outcome: string | null;
  error: ErrorJson | null;
  /** What the attempt printed (`console.*` in the step), oldest first. */
  logs: { level: string; at: string; text: string }[];
  /** Lines printed beyond what an attempt stores. */
  logsDropped: number;
}

const attemptToJson = (attempt: StepAttempt): AttemptJson => ({
  attempt: attempt.attempt,
  startedAt: iso(attempt.startedAt),
  endedAt: iso(attempt.endedAt),
  durationMs: span(attempt.startedAt, attempt.endedAt),
  outcome: attempt.outcome ?? null,
  error: errorToJson(attempt.error),
  logs: (attempt.logs ?? []).map((line) => ({ level: line.level, at: new Date(line.at).toISOString(), text: line.text })),
  logsDropped: attempt.logsDropped ?? 0,
});

/** One step of a run, the same object in `inspect steps <run>` and `inspect steps <run> <step>`. */
export function stepToJson(runId: string, step: StepState, warn: Warn): StepJson {
  return {
    runId,
    stepId: step.stepId,
    stepName: step.stepName,
    step: step.stepName ? shortName(step.stepName) : "?",
    status: step.status,
    attempt: step.attempt,
    attempts: step.attempts.map(attemptToJson),
    input: hydrate(step.input, `input of step ${step.stepId}`, warn) ?? null,
    output: step.status === "completed" ? (hydrate(step.result, `result of step ${step.stepId}`, warn) ?? null) : null,
    error: errorToJson(step.error),
    createdAt: iso(step.createdAt),
    startedAt: iso(step.startedAt),
    completedAt: iso(step.completedAt),
    retryAt: iso(step.retryAt),
    durationMs: span(step.startedAt, step.completedAt),
  };
}

export interface WaitJson {
  waitId: string;
  resumeAt: string | null;
  createdAt: string | null;
  completed: boolean;
  completedAt: string | null;
}

export const waitToJson = (wait: WaitState): WaitJson => ({
  waitId: wait.waitId,
  resumeAt: iso(wait.resumeAt),
  createdAt: iso(wait.createdAt),
  completed: wait.completed,
  completedAt: iso(wait.completedAt),
});

export interface HookJson {
  runId: string;
  hookId: string;
  token: string;
  kind: string;
  /** Still accepting payloads: not disposed and its run not finished. */
  live: boolean;
  metadata: Json | null;
  createdAt: string | null;
  receivedCount: number;
  payloads: Json[];
  disposedAt: string | null;
}

/** One hook of a run, the same object in `inspect hooks` and in `inspect runs <id>`. */
export function hookToJson(runId: string, hook: HookState, runFinished: boolean, warn: Warn): HookJson {
  return {
    runId,
    hookId: hook.hookId,
    token: hook.token,
    kind: hook.kind,
    live: !hook.disposed && !runFinished,
    metadata: hydrate(hook.metadata, `metadata of hook ${hook.hookId}`, warn) ?? null,
    createdAt: iso(hook.createdAt),
    receivedCount: hook.receivedCount,
    payloads: hook.payloads.map((payload, i) => hydrate(payload, `payload #${i + 1} of hook ${hook.hookId}`, warn) ?? null),
    disposedAt: iso(hook.disposedAt),
  };
}

/** Stored fields of events that hold serialized values. */
const PAYLOAD_FIELDS = ["input", "output", "result", "payload", "metadata"] as const;

/** An event as stored, with its index in the log, ISO time and its payload fields hydrated. */
export function eventToJson(event: WorkflowEvent, index: number, warn: Warn): Record<string, Json> {
  const out: Record<string, Json> = { index };
  for (const [key, value] of Object.entries(event)) {
    if (value === undefined) continue;
    if ((PAYLOAD_FIELDS as readonly string[]).includes(key)) {
      out[key] = hydrate(value, `${key} of event #${index} (${event.eventId ?? "no id"})`, warn) ?? null;
    } else if ((key === "createdAt" || key === "resumeAt" || key === "retryAt") && typeof value === "number") {
      out[key] = iso(value);
    } else if (key === "error") {
      out[key] = errorToJson(value as RecordedError) as unknown as Json;
    } else {
      out[key] = toJsonSafe(value);
    }
  }
  return out;
}
