/**
 * The event log: one append-only list of these per run is the only durable truth about the run.
 * Every view of a run (engine, CLI, devtools panel) is a fold over it (`reduceRun`).
 *
 * Payload fields named `*Data` (input, result, payload, output, metadata) hold serialized values: the
 * string produced by `serialize()` (devalue with our reducers), never live objects.
 * Names are stable once shipped; add new types rather than changing the meaning of old ones.
 */

/** Serialized value: the devalue string produced by `serialize()`. */
export type SerializedValue = string;

/** An error as recorded in the log: enough to rebuild it on the other side of a boundary. */
export interface RecordedError {
  name: string;
  message: string;
  stack?: string;
  /** Stable code such as `ERR_REPLAY_DIVERGENCE` when the error has one. */
  code?: string;
  /** Serialized `cause`, when the error had one. */
  cause?: RecordedError;
}

interface EventBase {
  /** `wrun_<ULID>` */
  runId: string;
  /** `evnt_<ULID>`, unique and increasing within a run. */
  eventId: string;
  /** Wall-clock ms since epoch when the event was appended. */
  createdAt: number;
}

interface CorrelatedEventBase extends EventBase {
  /** `step_…`, `hook_…` or `wait_…`: derived deterministically from the run and call order. */
  correlationId: string;
}

export interface RunCreatedEvent extends EventBase {
  type: "run_created";
  workflowName: string;
  input: SerializedValue;
  /** Present when `start()` was given an idempotency key. */
  idempotencyKey?: string;
  /** Seed for the sandbox's deterministic randomness; recorded so replay reproduces it. */
  seed: string;
  /** Base URL the run was started under, for `getWorkflowMetadata().url` and webhook URLs. */
  url?: string;
  /** Present when the run is a re-run of another one (from the devtools panel). */
  origin?: RunOrigin;
}
/** Where a re-run comes from. */
export interface RunOrigin {
  /** The run it re-runs. */
  runId: string;
  /** The step it re-runs from; absent for a re-run from the start. */
  fromStepCorrelationId?: string;
  /** Correlation ids (of the new run) of the calls whose outcome was copied from the origin, not executed. */
  reused: string[];
}
export interface RunStartedEvent extends EventBase {
  type: "run_started";
}
export interface RunCompletedEvent extends EventBase {
  type: "run_completed";
  output: SerializedValue;
}
export interface RunFailedEvent extends EventBase {
  type: "run_failed";
  error: RecordedError;
}
export interface RunCancelledEvent extends EventBase {
  type: "run_cancelled";
  reason?: string;
}

/** The workflow asked for a step; its arguments are recorded before it is queued. */
export interface StepCreatedEvent extends CorrelatedEventBase {
  type: "step_created";
  stepName: string;
  input: SerializedValue;
}
export interface StepStartedEvent extends CorrelatedEventBase {
  type: "step_started";
  /** 1-based attempt number. */
  attempt: number;
}
/** Console methods a step's output is captured from. */
export type StepLogLevel = "debug" | "log" | "info" | "warn" | "error";
/** One line a step printed during an attempt (`console.log(...)` formatted as the terminal shows it). */
export interface StepLogLine {
  level: StepLogLevel;
  /** When it was printed (ms since epoch). */
  at: number;
  text: string;
}
/** What an attempt printed, stored with its outcome; bounded, so `logsDropped` counts what did not fit. */
export interface AttemptLogs {
  logs?: StepLogLine[];
  logsDropped?: number;
}
export interface StepCompletedEvent extends CorrelatedEventBase, AttemptLogs {
  type: "step_completed";
  result: SerializedValue;
}
export interface StepFailedEvent extends CorrelatedEventBase, AttemptLogs {
  type: "step_failed";
  error: RecordedError;
  /** True when the failure is terminal (FatalError or retries exhausted): the workflow sees it thrown. */
  fatal: boolean;
}
export interface StepRetryingEvent extends CorrelatedEventBase {
  type: "step_retrying";
  /** The attempt that will run next (>= 2). */
  attempt: number;
  /** When the next attempt is due (ms since epoch). */
  retryAt: number;
}

export interface HookCreatedEvent extends CorrelatedEventBase {
  type: "hook_created";
  token: string;
  /** `"hook"` for createHook/defineHook, `"webhook"` for createWebhook. */
  kind: "hook" | "webhook";
  metadata?: SerializedValue;
}
export interface HookReceivedEvent extends CorrelatedEventBase {
  type: "hook_received";
  payload: SerializedValue;
}
export interface HookDisposedEvent extends CorrelatedEventBase {
  type: "hook_disposed";
}

export interface WaitCreatedEvent extends CorrelatedEventBase {
  type: "wait_created";
  /** When the sleep ends (ms since epoch, millisecond precision). */
  resumeAt: number;
}
export interface WaitCompletedEvent extends CorrelatedEventBase {
  type: "wait_completed";
}

/**
 * A step opened one of the run's user streams (`getWritable()`), recorded once per stream before the step
 * completes, so the run's streams can be listed and closed when the run ends.
 */
export interface StreamOpenedEvent extends EventBase {
  type: "stream_opened";
  /** The stored stream's name (`strm_<runULID>_user[_<namespace>]`). */
  name: string;
  /** The namespace given to `getWritable()`; absent for the default stream. */
  namespace?: string;
}

/** Every event a run's log may hold. */
export type WorkflowEvent =
  | RunCreatedEvent
  | RunStartedEvent
  | RunCompletedEvent
  | RunFailedEvent
  | RunCancelledEvent
  | StepCreatedEvent
  | StepStartedEvent
  | StepCompletedEvent
  | StepFailedEvent
  | StepRetryingEvent
  | HookCreatedEvent
  | HookReceivedEvent
  | HookDisposedEvent
  | WaitCreatedEvent
  | WaitCompletedEvent
  | StreamOpenedEvent;

export type WorkflowEventType = WorkflowEvent["type"];

/** An event before the world assigns its id and timestamp. */
export type NewWorkflowEvent = WorkflowEvent extends infer E
  ? E extends WorkflowEvent
    ? Omit<E, "eventId" | "createdAt" | "runId">
    : never
  : never;

/** Run statuses, as the benchmark contract and the panel show them. */
export const RUN_STATUS = {
  pending: "pending",
  running: "running",
  completed: "completed",
  failed: "failed",
  cancelled: "cancelled",
} as const;
export type RunStatus = (typeof RUN_STATUS)[keyof typeof RUN_STATUS];

/** Event types that end a run (defined with the other terminal-event rules in `terminal-events.ts`). */
export { TERMINAL_RUN_EVENTS } from "./terminal-events.ts";
