import type { NewWorkflowEvent } from "../events/event.ts";
import { StepNotFoundError } from "../errors/lookup-errors.ts";
import { StepRetriesExhaustedError } from "../errors/step-errors.ts";
import { StepAttemptInterruptedError } from "../errors/step-attempt-interrupted-error.ts";
import { FatalError } from "../errors/fatal-error.ts";
import { getStepFunction } from "../registry/register-step-function.ts";
import { deserialize, serializeAsync } from "../serialization/serialize.ts";
import { toRecordedError } from "../serialization/recorded-error.ts";
import type { QueueMessage } from "../world/world.ts";
import { stepMessageId } from "./correlation-id.ts";
import { type EngineCore, submitToRun } from "./engine-core.ts";
import { decideRetry, maxAttempts } from "./retry-policy.ts";
import { runInStepContext } from "./step-context.ts";
import { announceStepLog, captureStepLogs } from "./step-log-capture.ts";
import { createStepLogRecorder } from "./step-log-recorder.ts";
import { createStreamPending } from "../streams/stream-pending.ts";
import { userStreamName } from "../streams/stream-names.ts";
import { createStepWritables, type WritableOptions } from "../streams/run-streams.ts";
import { hostTypes } from "./boundary-types.ts";
import { isStartRecorded, type RunActor } from "./run-actor.ts";

type StepMessage = Extract<QueueMessage, { kind: "step" }>;

/**
 * Runs one attempt of a step: checks the log first (a cancelled run, a finished step or a duplicate delivery
 * does nothing), records `step_started`, runs the registered function with its metadata, then records the
 * outcome: `step_completed`, a fatal `step_failed`, or `step_failed` + `step_retrying` and a queue message due
 * at the retry time. Returns once the outcome is durable and the workflow has reacted to it; throws when it
 * could not be recorded (the queue then redelivers the message, which acknowledges it only when this resolves).
 * An attempt that began but never recorded an outcome (its process crashed) counts: when no attempt is left,
 * the step fails with `StepAttemptInterruptedError` instead of running again.
 */
export async function handleStepMessage(core: EngineCore, message: StepMessage): Promise<void> {
  const { runId, correlationId } = message;
  const inFlight = core.stepsInFlight.get(correlationId);
  if (inFlight) {
    // A duplicate delivery while this process runs the step: the queue acknowledges it when this returns.
    if (message.attempt <= inFlight.attempt) return;
    // A later attempt's message (the retry the running attempt recorded, queued in the same write as its
    // `step_retrying`) can arrive before that delivery is over: it runs once the delivery is over.
    await inFlight.over;
    if (core.stepsInFlight.has(correlationId)) return;
  }
  let finish!: () => void;
  core.stepsInFlight.set(correlationId, { attempt: message.attempt, over: new Promise<void>((resolve) => (finish = resolve)) });
  try {
    const actor = await core.liveRuns.get(runId);
    if (!actor) return;
    if (!actor.executor.steps.has(correlationId)) await actor.whenIdle();
    const step = actor.executor.steps.get(correlationId);
    if (!step || step.terminal || actor.executor.terminal || actor.executor.outcome) return;
    // The run's actor records `step_started` together with the step's creation when it runs the step here.
    const startRecorded = isStartRecorded(message) && step.attempts === message.attempt;
    // A late copy of an attempt older than the last one started, or than the retry a failure scheduled: that
    // newer attempt has its own message (due at its `retryAt`). A copy of the last attempt started, with no
    // outcome recorded, means that attempt was interrupted: the next one runs.
    if (!startRecorded && message.attempt < Math.max(step.attempts, step.retryAttempt ?? 0)) return;
    const attempt = startRecorded ? step.attempts : step.attempts + 1;
    const fn = getStepFunction(step.stepName);
    if (!startRecorded && fn && attempt > maxAttempts(fn.maxRetries)) {
      // Every allowed attempt began, and the last one never recorded an outcome: a crash cut it short.
      const error = toRecordedError(new StepAttemptInterruptedError(step.stepName, step.attempts));
      await submitToRun(core, runId, [{ type: "step_failed", correlationId, error, fatal: true }]);
      return;
    }
    // An owner whose lease lapsed may have lost the run to another process meanwhile: no attempt starts here
    // unless the run is still this process's (the new owner runs the step, rebuilt from the log).
    const owned = core.world.owners.confirm?.(runId) ?? true;
    if (owned !== true && !(await owned)) {
      core.liveRuns.disown(runId);
      return;
    }
    const stepStartedAt = core.now();
    // The attempt is durable before its body runs, so an attempt its process does not survive still counts.
    if (!startRecorded && (await submitToRun(core, runId, [{ type: "step_started", correlationId, attempt }])).length === 0) return;
    // Streams the step reads or writes: every chunk it produced is durable before its outcome is recorded.
    const pending = createStreamPending();
    const store = core.world.streams;
    // Chunks are tagged with this attempt (its `step_started` is durable already, see above).
    const streamAttempt = { tag: { correlationId, attempt } };
    const types = hostTypes({ store, pending, runId, attempt: streamAttempt });
    const writables = createStepWritables({ store, runId, pending, attempt: streamAttempt });
    captureStepLogs();
    const logs = createStepLogRecorder({ runId, stepId: correlationId, attempt, now: () => core.now(), announce: announceStepLog });
    let outcome: NewWorkflowEvent[];
    const retry: StepMessage[] = [];
    try {
      if (!fn) throw new StepNotFoundError(step.stepName);
      const args = deserialize(step.input, "step-arguments", { types }) as unknown[];
      const context = {
        getWritable: <W>(writableOptions?: WritableOptions) => {
          recordStreamOpened(core, actor, writableOptions?.namespace, pending);
          return writables.getWritable<W>(writableOptions);
        },
        stepMetadata: { stepId: correlationId, stepStartedAt: new Date(stepStartedAt), attempt },
        workflowMetadata: { workflowRunId: runId, workflowStartedAt: new Date(actor.executor.startedAt ?? 0), url: actor.executor.runCreated.url ?? core.url },
        logs,
      };
      const value = await runInStepContext(context, () => fn(...args));
      outcome = await completionEvents(value);
      // A stream write that failed is not durable: the attempt fails and is retried.
      await pending.settle();
    } catch (error) {
      outcome = failureEvents(error);
      const retrying = outcome.find((event) => event.type === "step_retrying");
      if (retrying) retry.push({ kind: "step", id: stepMessageId(correlationId, retrying.attempt), runId, correlationId, stepName: step.stepName, attempt: retrying.attempt, dueAt: retrying.retryAt });
    }
    // What the attempt printed is stored with its outcome: the first event, `step_completed` or `step_failed`.
    Object.assign(outcome[0], logs.take());
    // The retry's message is written with `step_retrying`: both are durable, or neither is.
    await submitToRun(core, runId, outcome, retry);

    async function completionEvents(value: unknown): Promise<NewWorkflowEvent[]> {
      try {
        return [{ type: "step_completed", correlationId, result: await serializeAsync(value, "step-return-value", { types }) }];
      } catch (error) {
        // Retrying cannot make a value serializable: the step fails at once.
        return [{ type: "step_failed", correlationId, error: toRecordedError(error), fatal: true }];
      }
    }

    function failureEvents(error: unknown): NewWorkflowEvent[] {
      const decision = decideRetry({ error, attempt, maxRetries: fn?.maxRetries, now: core.now() });
      // Exhausted retries surface as StepRetriesExhaustedError (cause: the last error); a FatalError as itself.
      const final = decision.fatal && !FatalError.is(error) ? new StepRetriesExhaustedError(step!.stepName, attempt, error) : error;
      const failed: NewWorkflowEvent = { type: "step_failed", correlationId, error: toRecordedError(final), fatal: decision.fatal };
      if (decision.fatal) return [failed];
      return [failed, { type: "step_retrying", correlationId, attempt: attempt + 1, retryAt: decision.retryAt }];
    }
  } finally {
    core.stepsInFlight.delete(correlationId);
    finish();
  }
}

/** Streams whose `stream_opened` is being appended, per run execution (steps of one run run concurrently). */
const STREAMS_REQUESTED = new WeakMap<object, Set<string>>();

/**
 * Records `stream_opened` the first time a run's step opens one of its user streams, durably before the
 * step completes, so the stream is listed with the run and closed when the run ends.
 */
function recordStreamOpened(core: EngineCore, actor: RunActor, namespace: string | undefined, pending: ReturnType<typeof createStreamPending>): void {
  const runId = actor.executor.runId;
  const name = userStreamName(runId, namespace);
  if (actor.executor.streams.has(name)) return;
  let requested = STREAMS_REQUESTED.get(actor.executor);
  if (!requested) STREAMS_REQUESTED.set(actor.executor, (requested = new Set()));
  if (requested.has(name)) return;
  requested.add(name);
  pending.track(submitToRun(core, runId, [{ type: "stream_opened", name, ...(namespace === undefined ? {} : { namespace }) }]));
}
