import type { NewWorkflowEvent } from "../events/event.ts";
import { StepNotFoundError } from "../errors/lookup-errors.ts";
import { StepRetriesExhaustedError } from "../errors/step-errors.ts";
import { FatalError } from "../errors/fatal-error.ts";
import { getStepFunction } from "../registry/register-step-function.ts";
import { deserialize, serializeAsync } from "../serialization/serialize.ts";
import { toRecordedError } from "../serialization/recorded-error.ts";
import type { QueueMessage } from "../world/world.ts";
import { stepMessageId } from "./correlation-id.ts";
import { type EngineCore, submitToRun } from "./engine-core.ts";
import { decideRetry } from "./retry-policy.ts";
import { runInStepContext } from "./step-context.ts";

type StepMessage = Extract<QueueMessage, { kind: "step" }>;

/**
 * Runs one attempt of a step: checks the log first (a cancelled run, a finished step or a duplicate delivery
 * does nothing), records `step_started`, runs the registered function with its metadata, then records the
 * outcome: `step_completed`, a fatal `step_failed`, or `step_failed` + `step_retrying` and a queue message due
 * at the retry time. Returns once the outcome is durable and the workflow has reacted to it.
 */
export async function handleStepMessage(core: EngineCore, message: StepMessage): Promise<void> {
  const { runId, correlationId } = message;
  if (core.stepsInFlight.has(correlationId)) return core.world.queue.ack(message.id);
  core.stepsInFlight.add(correlationId);
  let retry: StepMessage | undefined;
  try {
    const actor = await core.liveRuns.get(runId);
    if (!actor) return;
    if (!actor.executor.steps.has(correlationId)) await actor.whenIdle();
    const step = actor.executor.steps.get(correlationId);
    if (!step || step.terminal || actor.executor.terminal || actor.executor.outcome) return;
    const attempt = step.attempts + 1;
    // The step body starts while `step_started` is being appended; its outcome is appended after it.
    const stepStartedAt = core.now();
    const started = submitToRun(core, runId, [{ type: "step_started", correlationId, attempt }]);
    const fn = getStepFunction(step.stepName);
    let outcome: NewWorkflowEvent[];
    try {
      if (!fn) throw new StepNotFoundError(step.stepName);
      const args = deserialize(step.input, "step-arguments") as unknown[];
      const context = {
        stepMetadata: { stepId: correlationId, stepStartedAt: new Date(stepStartedAt), attempt },
        workflowMetadata: { workflowRunId: runId, workflowStartedAt: new Date(actor.executor.startedAt ?? 0), url: actor.executor.runCreated.url ?? core.url },
      };
      const value = await runInStepContext(context, () => fn(...args));
      outcome = await completionEvents(value);
    } catch (error) {
      outcome = failureEvents(error);
      const retrying = outcome.find((event) => event.type === "step_retrying");
      if (retrying) retry = { kind: "step", id: stepMessageId(correlationId, retrying.attempt), runId, correlationId, stepName: step.stepName, attempt: retrying.attempt, dueAt: retrying.retryAt };
    }
    if ((await started).length === 0) return;
    await submitToRun(core, runId, outcome);

    async function completionEvents(value: unknown): Promise<NewWorkflowEvent[]> {
      try {
        return [{ type: "step_completed", correlationId, result: await serializeAsync(value, "step-return-value") }];
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
    if (retry) await core.world.queue.enqueue(retry);
    await core.world.queue.ack(message.id);
  }
}
