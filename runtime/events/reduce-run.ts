import type { AttemptLogs, RecordedError, RunStatus, SerializedValue, StepLogLine, WorkflowEvent } from "./event.ts";
import { isTerminalStatus } from "./terminal-events.ts";

/**
 * The run as a fold over its event log. Shared by the engine, the CLI and the devtools panel.
 *
 * Ownership: `applyEvent` updates the state it is given in place and returns it, so folding a log costs
 * O(1) per event and a live view updates in O(1) per new event. `reduceRun` always starts from a fresh
 * state it owns; a caller that keeps earlier snapshots (undo, time travel) takes one with `cloneRunState`.
 * Serialized payloads (`input`, `result`, `payloads`, ...) are kept as stored, never revived.
 */
export interface RunState {
  runId?: string;
  /** `pending` until `run_started`, then `running`, then the terminal status of the first terminal event. */
  status: RunStatus;
  workflowName?: string;
  input?: SerializedValue;
  output?: SerializedValue;
  error?: RecordedError;
  cancelReason?: string;
  idempotencyKey?: string;
  seed?: string;
  url?: string;
  createdAt?: number;
  startedAt?: number;
  completedAt?: number;
  /** By correlation id, in the order the workflow asked for them. */
  steps: Record<string, StepState>;
  waits: Record<string, WaitState>;
  hooks: Record<string, HookState>;
  /** Events folded so far, including skipped ones (unknown types, duplicates). */
  eventCount: number;
  lastEventId?: string;
  /** `createdAt` of the last event folded. */
  updatedAt?: number;
}

/** Step statuses: `retrying` between a failed attempt and the next one. */
export type StepStatus = "pending" | "running" | "completed" | "failed" | "retrying";

export interface StepState {
  /** The step's correlation id (`step_…`). */
  stepId: string;
  /** The step function's id (`step//<path>//<name>`); empty when the log predates `step_created`. */
  stepName: string;
  status: StepStatus;
  /** Number of the current (or last) attempt, 0 before the first start. */
  attempt: number;
  attempts: StepAttempt[];
  input?: SerializedValue;
  result?: SerializedValue;
  /** The last attempt's error; terminal only when `status` is `failed`. */
  error?: RecordedError;
  createdAt?: number;
  /** Start of the first attempt. */
  startedAt?: number;
  completedAt?: number;
  /** When the next attempt is due, while `retrying`. */
  retryAt?: number;
}

export interface StepAttempt {
  attempt: number;
  startedAt: number;
  endedAt?: number;
  outcome?: "completed" | "failed";
  error?: RecordedError;
  /** What the attempt printed (console), when it printed anything. */
  logs?: StepLogLine[];
  logsDropped?: number;
}

export interface WaitState {
  waitId: string;
  resumeAt: number;
  createdAt?: number;
  completed: boolean;
  completedAt?: number;
}

export interface HookState {
  hookId: string;
  token: string;
  kind: "hook" | "webhook";
  metadata?: SerializedValue;
  createdAt?: number;
  receivedCount: number;
  /** Serialized payloads in arrival order. */
  payloads: SerializedValue[];
  disposed: boolean;
  disposedAt?: number;
}

/** An empty run state, before any event. */
export function createRunState(): RunState {
  return { status: "pending", steps: {}, waits: {}, hooks: {}, eventCount: 0 };
}

/**
 * Folds a whole log into a fresh state.
 * @example const run = reduceRun(await world.readEvents(runId)); run.status // "completed"
 */
export function reduceRun(events: Iterable<WorkflowEvent>): RunState {
  const state = createRunState();
  for (const event of events) applyEvent(state, event);
  return state;
}

/** A deep copy of a state, for callers that keep snapshots while the original keeps folding. */
export function cloneRunState(state: RunState): RunState {
  return structuredClone(state);
}

const TERMINAL_STEP = new Set<StepStatus>(["completed", "failed"]);
const isTerminalRun = (state: RunState) => isTerminalStatus(state.status);

/**
 * Applies one event to `state` in place and returns it (see `RunState` on ownership). Duplicate terminal
 * events for a run or correlation id are ignored; unknown event types and malformed events are skipped.
 * @example for (const event of newEvents) applyEvent(view, event);
 */
export function applyEvent(state: RunState, event: WorkflowEvent): RunState {
  state.eventCount++;
  if (!event || typeof event !== "object") return state;
  state.lastEventId = event.eventId ?? state.lastEventId;
  state.updatedAt = event.createdAt ?? state.updatedAt;
  state.runId ??= event.runId;
  const handler = HANDLERS[event.type] as ((state: RunState, event: WorkflowEvent) => void) | undefined;
  if (handler) handler(state, event);
  return state;
}

type Handlers = { [T in WorkflowEvent["type"]]: (state: RunState, event: Extract<WorkflowEvent, { type: T }>) => void };

const HANDLERS: Handlers = {
  run_created(state, event) {
    if (state.createdAt !== undefined) return;
    state.workflowName = event.workflowName;
    state.input = event.input;
    state.seed = event.seed;
    state.createdAt = event.createdAt;
    if (event.url !== undefined) state.url = event.url;
    if (event.idempotencyKey !== undefined) state.idempotencyKey = event.idempotencyKey;
  },
  run_started(state, event) {
    if (state.status !== "pending") return;
    state.status = "running";
    state.startedAt = event.createdAt;
  },
  run_completed(state, event) {
    if (isTerminalRun(state)) return;
    state.status = "completed";
    state.output = event.output;
    state.completedAt = event.createdAt;
  },
  run_failed(state, event) {
    if (isTerminalRun(state)) return;
    state.status = "failed";
    state.error = event.error;
    state.completedAt = event.createdAt;
  },
  run_cancelled(state, event) {
    if (isTerminalRun(state)) return;
    state.status = "cancelled";
    if (event.reason !== undefined) state.cancelReason = event.reason;
    state.completedAt = event.createdAt;
  },

  step_created(state, event) {
    if (!event.correlationId) return;
    const existing = state.steps[event.correlationId];
    if (existing) {
      // A log from before `step_created` may have made a placeholder; fill in what it lacked.
      if (!existing.stepName) existing.stepName = event.stepName;
      existing.input ??= event.input;
      existing.createdAt ??= event.createdAt;
      return;
    }
    state.steps[event.correlationId] = {
      stepId: event.correlationId,
      stepName: event.stepName,
      status: "pending",
      attempt: 0,
      attempts: [],
      input: event.input,
      createdAt: event.createdAt,
    };
  },
  step_started(state, event) {
    const step = stepFor(state, event.correlationId);
    if (!step || TERMINAL_STEP.has(step.status)) return;
    const attempt = typeof event.attempt === "number" ? event.attempt : step.attempt + 1;
    if (step.status === "running" && step.attempt === attempt) return;
    step.status = "running";
    step.attempt = attempt;
    step.attempts.push({ attempt, startedAt: event.createdAt });
    step.startedAt ??= event.createdAt;
    delete step.retryAt;
  },
  step_completed(state, event) {
    const step = stepFor(state, event.correlationId);
    if (!step || TERMINAL_STEP.has(step.status)) return;
    endAttempt(step, event, "completed");
    step.status = "completed";
    step.result = event.result;
    step.completedAt = event.createdAt;
    delete step.retryAt;
  },
  step_failed(state, event) {
    const step = stepFor(state, event.correlationId);
    if (!step || TERMINAL_STEP.has(step.status)) return;
    endAttempt(step, event, "failed", event.error);
    step.error = event.error;
    if (event.fatal) {
      step.status = "failed";
      step.completedAt = event.createdAt;
      delete step.retryAt;
    } else {
      step.status = "retrying";
    }
  },
  step_retrying(state, event) {
    const step = stepFor(state, event.correlationId);
    if (!step || TERMINAL_STEP.has(step.status)) return;
    step.status = "retrying";
    step.retryAt = event.retryAt;
  },

  hook_created(state, event) {
    if (!event.correlationId || state.hooks[event.correlationId]) return;
    state.hooks[event.correlationId] = {
      hookId: event.correlationId,
      token: event.token,
      kind: event.kind ?? "hook",
      createdAt: event.createdAt,
      receivedCount: 0,
      payloads: [],
      disposed: false,
      ...(event.metadata !== undefined ? { metadata: event.metadata } : {}),
    };
  },
  hook_received(state, event) {
    const hook = hookFor(state, event.correlationId);
    if (!hook) return;
    hook.receivedCount++;
    hook.payloads.push(event.payload);
  },
  hook_disposed(state, event) {
    const hook = hookFor(state, event.correlationId);
    if (!hook || hook.disposed) return;
    hook.disposed = true;
    hook.disposedAt = event.createdAt;
  },

  wait_created(state, event) {
    if (!event.correlationId || state.waits[event.correlationId]) return;
    state.waits[event.correlationId] = {
      waitId: event.correlationId,
      resumeAt: event.resumeAt,
      createdAt: event.createdAt,
      completed: false,
    };
  },
  wait_completed(state, event) {
    if (!event.correlationId) return;
    // An old log may complete a wait whose creation it never recorded.
    const wait = (state.waits[event.correlationId] ??= {
      waitId: event.correlationId,
      resumeAt: event.createdAt,
      completed: false,
    });
    if (wait.completed) return;
    wait.completed = true;
    wait.completedAt = event.createdAt;
  },
  // Streams are listed by the engine (`runtime.listStreams`); the run's state does not change.
  stream_opened() {},
};

/** The step for a correlation id; logs written before `step_created` existed get a placeholder. */
function stepFor(state: RunState, correlationId: string | undefined): StepState | undefined {
  if (!correlationId) return undefined;
  return (state.steps[correlationId] ??= {
    stepId: correlationId,
    stepName: "",
    status: "pending",
    attempt: 0,
    attempts: [],
  });
}

function hookFor(state: RunState, correlationId: string | undefined): HookState | undefined {
  if (!correlationId) return undefined;
  return (state.hooks[correlationId] ??= {
    hookId: correlationId,
    token: "",
    kind: "hook",
    receivedCount: 0,
    payloads: [],
    disposed: false,
  });
}

function endAttempt(step: StepState, event: AttemptLogs & { createdAt: number }, outcome: "completed" | "failed", error?: RecordedError): void {
  const at = event.createdAt;
  let current = step.attempts[step.attempts.length - 1];
  if (!current || current.endedAt !== undefined) {
    // The log lacks this attempt's `step_started` (partial log): record the attempt as best we can.
    step.attempt++;
    current = { attempt: step.attempt, startedAt: at };
    step.attempts.push(current);
  }
  current.endedAt = at;
  current.outcome = outcome;
  if (error) current.error = error;
  if (event.logs?.length) current.logs = event.logs;
  if (event.logsDropped) current.logsDropped = event.logsDropped;
}
