import type { NewWorkflowEvent } from "../../events/event.ts";
import { createCorrelationId } from "../../engine/correlation-id.ts";
import type { World } from "../world.ts";

/** Creates a run with a serialized empty argument list; resolves its id. */
export async function createTestRun(world: World, workflowName = "workflow//conformance.ts//flow", idempotencyKey?: string): Promise<string> {
  const { runId } = await world.createRun({ workflowName, input: "[[]]", seed: "seed", ...(idempotencyKey === undefined ? {} : { idempotencyKey }) });
  return runId;
}

/** The `n`-th step's correlation id of a run. */
export const stepOf = (runId: string, n: number) => createCorrelationId("step", runId, n);
/** The `n`-th hook's correlation id of a run. */
export const hookOf = (runId: string, n: number) => createCorrelationId("hook", runId, n);
/** The `n`-th sleep's correlation id of a run. */
export const waitOf = (runId: string, n: number) => createCorrelationId("wait", runId, n);

/** `step_created` for a run's `n`-th step. */
export function stepCreated(runId: string, n: number): NewWorkflowEvent {
  return { type: "step_created", correlationId: stepOf(runId, n), stepName: "step//conformance.ts//work", input: "[[]]" };
}

/** `step_completed` for a run's `n`-th step. */
export function stepCompleted(runId: string, n: number, result = '["done"]'): NewWorkflowEvent {
  return { type: "step_completed", correlationId: stepOf(runId, n), result };
}

/** `run_completed` with a serialized `null`. */
export const RUN_COMPLETED: NewWorkflowEvent = { type: "run_completed", output: "[null]" };

/** The event types of a run's log. */
export async function typesOf(world: World, runId: string): Promise<string[]> {
  return ((await world.readEvents(runId)) ?? []).map((event) => event.type);
}
