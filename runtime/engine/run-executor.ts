import type { NewWorkflowEvent, RecordedError, RunCreatedEvent, WorkflowEvent } from "../events/event.ts";
import { isTerminalRunEvent } from "../events/terminal-events.ts";
import { ReplayDivergenceError } from "../errors/replay-divergence-error.ts";
import { WorkflowNotFoundError } from "../errors/lookup-errors.ts";
import type { Sandbox } from "../sandbox/create-sandbox.ts";
import { deserialize, serialize } from "../serialization/serialize.ts";
import { fromRecordedError, toRecordedError } from "../serialization/recorded-error.ts";
import { type CallKind, callNumber, createCorrelationId } from "./correlation-id.ts";
import { type Call, type CreationEvent, describeCall, describeEvent, isCreationEvent } from "./calls.ts";
import { drainWorkflow } from "./drain-workflow.ts";
import { workflowRealmTypes } from "./boundary-types.ts";

/** How a run's workflow function ended. */
export type ExecutorOutcome = { type: "completed"; output: string } | { type: "failed"; error: RecordedError };

/** Bookkeeping of one step's attempts, folded from its events. */
export interface StepProgress {
  stepName: string;
  input: string;
  /** `step_started` events seen: attempts begun so far (crashed ones included). */
  attempts: number;
  /** Due time of the next attempt, from the last `step_retrying`. */
  retryAt?: number;
  /** The attempt the last `step_retrying` scheduled (it has a queue message of its own, due at `retryAt`). */
  retryAttempt?: number;
  terminal: boolean;
}

/** What the workflow context asks the executor for when user code calls a primitive. */
export interface CallRequest {
  kind: CallKind;
  /** Checked against the log on replay: the step id, `"sleep"`, or the hook kind. */
  name: string;
  /** Builds the creation event for a new call (not in the log yet). */
  create(correlationId: string): CreationEvent;
}

/** One run's workflow code in its sandbox, driven by the run's events (see `createRunExecutor`). */
export interface RunExecutor {
  readonly runId: string;
  readonly sandbox: Sandbox;
  readonly runCreated: RunCreatedEvent;
  /** Registers a call the workflow code just made; returns it, or undefined once the run has ended. */
  issue(request: CallRequest, make: (correlationId: string, recorded?: CreationEvent) => Call): Call | undefined;
  /** Applies one event of the log (in order) and waits until the workflow is quiescent again. */
  feed(event: WorkflowEvent): Promise<void>;
  /** Creation events for calls the log does not hold yet; the caller appends them. */
  takeNewEvents(): NewWorkflowEvent[];
  /** Queues an event the workflow code produced outside a call (a hook disposed by `break`). */
  pushEvent(event: NewWorkflowEvent): void;
  /** Records `stream_opened` for a user stream the workflow code opened (`getWritable()`), once per stream. */
  openStream(name: string, namespace: string | undefined): void;
  /** Ends the run with `error` (a condition found outside the workflow code, e.g. a hook token conflict). */
  abort(error: unknown): void;
  /** How the workflow function ended, once it has. */
  readonly outcome: ExecutorOutcome | undefined;
  /** True once the log holds a terminal run event. */
  readonly terminal: boolean;
  /** `createdAt` of `run_started`, once fed. */
  readonly startedAt: number | undefined;
  /** Calls by correlation id. */
  readonly calls: Map<string, Call>;
  /** Step bookkeeping by correlation id. */
  readonly steps: Map<string, StepProgress>;
  /** Names of the user streams the run opened (`stream_opened`), in log order. */
  readonly streams: Set<string>;
  /** Hooks whose `hook_disposed` the log already records. */
  readonly recordedDisposals: Set<string>;
  /** Tells the sandbox whether recorded events are being replayed. */
  setReplaying(replaying: boolean): void;
}

/**
 * Runs one workflow run inside its sandbox by consuming its events in log order; the same code path serves
 * the hot path (events fed right after they are appended) and replay (recorded events fed after a restart
 * or an eviction). Calls the code makes get deterministic correlation ids; a call the log already records is
 * checked against it, a new one becomes a creation event for the caller to append (`takeNewEvents`).
 * After each resuming event the executor waits until the workflow is quiescent, so both paths observe the
 * same interleaving. `Date.now()` inside is the `createdAt` of the last event that resumed the workflow.
 */
export function createRunExecutor(options: { sandbox: Sandbox; runCreated: RunCreatedEvent; recorded?: WorkflowEvent[] }): RunExecutor {
  const { sandbox, runCreated } = options;
  const runId = runCreated.runId;
  const calls = new Map<string, Call>();
  const steps = new Map<string, StepProgress>();
  // Recorded calls by call number: a call the log holds is checked against it (kind, name) when the code makes it.
  const lookahead = new Map<number, CreationEvent>();
  for (const event of options.recorded ?? []) if (isCreationEvent(event)) lookahead.set(callNumber(event.correlationId), event);
  const recordedDisposals = new Set<string>();
  for (const event of options.recorded ?? []) if (event.type === "hook_disposed") recordedDisposals.add(event.correlationId);
  // Streams the log says the run opened: opening them again on replay records nothing new.
  const knownStreams = new Set<string>();
  for (const event of options.recorded ?? []) if (event.type === "stream_opened") knownStreams.add(event.name);
  let newEvents: NewWorkflowEvent[] = [];
  let seq = 0;
  let outcome: ExecutorOutcome | undefined;
  let terminal = false;
  let startedAt: number | undefined;
  const types = workflowRealmTypes();
  /** Names of the user streams the run opened (`stream_opened`), in log order. */
  const streams = new Set<string>();

  const finish = (result: ExecutorOutcome) => {
    if (!outcome) outcome = result;
  };
  const fail = (error: unknown) => {
    if (error && typeof error === "object" && typeof (error as Error).stack === "string") {
      try {
        (error as Error).stack = sandbox.bundle.remapStack((error as Error).stack!);
      } catch {
        // A frozen or exotic error keeps its original stack.
      }
    }
    finish({ type: "failed", error: toRecordedError(error) });
  };
  const diverge = (expected: string, recorded: string, eventId?: string) => {
    finish({ type: "failed", error: toRecordedError(new ReplayDivergenceError({ runId, expected, recorded, eventId })) });
  };

  /** Registers a call the workflow code just made; returns it, or undefined once the run has ended. */
  function issue(request: CallRequest, make: (correlationId: string, recorded?: CreationEvent) => Call): Call | undefined {
    if (outcome || terminal) return undefined;
    const number = seq++;
    const correlationId = createCorrelationId(request.kind, runId, number);
    const recorded = lookahead.get(number);
    const event = recorded ?? request.create(correlationId);
    const call = make(correlationId, recorded);
    if (recorded && describeCall(call) !== describeEvent(recorded)) {
      diverge(describeCall(call), describeEvent(recorded), recorded.eventId);
      return undefined;
    }
    calls.set(correlationId, call);
    if (!recorded) newEvents.push(event as NewWorkflowEvent);
    return call;
  }

  async function startWorkflow(event: WorkflowEvent): Promise<void> {
    startedAt = event.createdAt;
    const fn = sandbox.workflows.get(runCreated.workflowName);
    if (typeof fn !== "function") {
      fail(new WorkflowNotFoundError(runCreated.workflowName));
      return;
    }
    try {
      const args = deserialize(runCreated.input, "workflow-arguments", { global: sandbox.global, types });
      const result = fn(...(Array.isArray(args) ? args : [args])) as Promise<unknown>;
      Promise.resolve(result).then(
        (value) => {
          try {
            finish({ type: "completed", output: serialize(value, "workflow-return-value", { types }) });
          } catch (error) {
            fail(error);
          }
        },
        fail,
      );
    } catch (error) {
      fail(error);
    }
    await drainWorkflow();
  }

  async function resume(call: Call, event: WorkflowEvent, settle: () => void): Promise<void> {
    sandbox.state.now = event.createdAt;
    try {
      settle();
    } catch (error) {
      fail(error);
    }
    await drainWorkflow();
  }

  /** Consumes one stored event, in log order. */
  async function feed(event: WorkflowEvent): Promise<void> {
    if (event.type === "stream_opened") {
      streams.add(event.name);
      return;
    }
    if (isTerminalRunEvent(event)) terminal = true;
    if (outcome || terminal) return;
    if (event.type === "run_started") return startWorkflow(event);
    if (!("correlationId" in event)) return;
    const call = calls.get(event.correlationId);
    if (isCreationEvent(event)) {
      if (!call) return diverge("nothing (the workflow code has not made this call)", describeEvent(event), event.eventId);
      if (event.type === "step_created") steps.set(event.correlationId, { stepName: event.stepName, input: event.input, attempts: 0, terminal: false });
      call.recorded = true;
      return;
    }
    if (!call) return diverge("nothing (the workflow code has not made this call)", `${event.type} for ${event.correlationId}`, event.eventId);
    const progress = steps.get(event.correlationId);
    switch (event.type) {
      case "step_started":
        if (progress) progress.attempts = Math.max(progress.attempts + 1, event.attempt);
        return;
      case "step_retrying":
        if (progress) {
          progress.retryAt = event.retryAt;
          progress.retryAttempt = event.attempt;
        }
        return;
      case "step_failed":
      case "step_completed": {
        if (call.kind !== "step" || call.settled) return;
        if (event.type === "step_failed" && !event.fatal) return;
        call.settled = true;
        if (progress) progress.terminal = true;
        return resume(call, event, () => {
          if (event.type === "step_completed") call.resolve(deserialize(event.result, "step-return-value", { global: sandbox.global, types }));
          else call.reject(fromRecordedError(event.error, sandbox.global));
        });
      }
      case "wait_completed":
        if (call.kind !== "wait" || call.settled) return;
        call.settled = true;
        return resume(call, event, () => call.resolve(undefined));
      case "hook_received":
        if (call.kind !== "hook") return;
        return resume(call, event, () => call.deliver(deserialize(event.payload, "hook-payload", { global: sandbox.global, types })));
      case "hook_disposed":
        if (call.kind === "hook") call.disposeRecorded = true;
        return;
    }
  }

  return {
    runId,
    sandbox,
    runCreated,
    issue,
    feed,
    /** Creation events for calls the log does not hold yet; the caller appends them. */
    takeNewEvents(): NewWorkflowEvent[] {
      const taken = newEvents;
      newEvents = [];
      return taken;
    },
    /** Queues an event the workflow code produced outside a call (a hook disposed by `break`). */
    pushEvent(event: NewWorkflowEvent) {
      if (!outcome && !terminal) newEvents.push(event);
    },
    /** Records `stream_opened` for a user stream the workflow code opened (`getWritable()`), once per stream. */
    openStream(name: string, namespace: string | undefined) {
      if (knownStreams.has(name) || outcome || terminal) return;
      knownStreams.add(name);
      newEvents.push({ type: "stream_opened", name, ...(namespace === undefined ? {} : { namespace }) });
    },
    /** Ends the run with `error` (a condition found outside the workflow code, e.g. a hook token conflict). */
    abort: fail,
    get outcome() {
      return outcome;
    },
    get terminal() {
      return terminal;
    },
    get startedAt() {
      return startedAt;
    },
    calls,
    steps,
    streams,
    recordedDisposals,
    setReplaying(replaying: boolean) {
      sandbox.state.replaying = replaying;
    },
  };
}

