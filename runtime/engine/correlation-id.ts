/** What a correlation id refers to; also its prefix. */
export type CallKind = "step" | "wait" | "hook";

/**
 * Derives the correlation id of a workflow's `seq`-th call (steps, sleeps and hooks share one counter), so
 * every execution of the same run names its calls identically. The run's ULID makes the id globally unique,
 * which `getStepMetadata().stepId` promises (it is documented as an idempotency key).
 * @example createCorrelationId("step", "wrun_01JD…", 3) // "step_01JD…_3"
 */
export function createCorrelationId(kind: CallKind, runId: string, seq: number): string {
  return `${kind}_${runId.slice(runId.indexOf("_") + 1)}_${seq}`;
}

/** Queue message id of one attempt of a step: a retry is a new message, so acking the old one keeps it. */
export function stepMessageId(correlationId: string, attempt: number): string {
  return `${correlationId}_a${attempt}`;
}

/** Queue message id that (re)starts or resumes a run. */
export function runMessageId(runId: string): string {
  return `${runId}_flow`;
}

/** The call number a correlation id was derived from (its last `_` segment). */
export function callNumber(correlationId: string): number {
  return Number(correlationId.slice(correlationId.lastIndexOf("_") + 1));
}
