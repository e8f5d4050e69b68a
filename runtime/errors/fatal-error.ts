/**
 * Thrown from a step to fail it without retrying; the workflow sees the failure at its `await`.
 * Identify it with `FatalError.is(e)` (checks the name, so it works for errors rebuilt in another realm).
 * @example throw new FatalError("Resource not found. Skipping retries.");
 */
export class FatalError extends Error {
  /** Marks the failure as terminal for the step. */
  readonly fatal = true;

  constructor(message: string) {
    super(message);
    this.name = "FatalError";
  }

  /** True for a FatalError from any realm, including one rebuilt from the event log. */
  static is(value: unknown): value is FatalError {
    return typeof value === "object" && value !== null && (value as { name?: unknown }).name === "FatalError";
  }
}
