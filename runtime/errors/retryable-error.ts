import { parseDuration, type DurationInput } from "../durations/parse-duration.ts";

/** Options of `new RetryableError()`. */
export interface RetryableErrorOptions {
  /**
   * When to retry: milliseconds from now, a duration string (`"5s"`, `"2m"`), or a `Date`.
   * Default: 1 second from now.
   */
  retryAfter?: DurationInput;
}

/**
 * Thrown from a step to retry it after a chosen delay (any other error retries after 1 second).
 * Identify it with `RetryableError.is(e)` (checks the name, so it works across realms).
 * @example throw new RetryableError("Rate limited. Retrying...", { retryAfter: "1m" });
 */
export class RetryableError extends Error {
  /** When the next attempt is due. */
  readonly retryAfter: Date;

  constructor(message: string, options: RetryableErrorOptions = {}) {
    super(message);
    this.name = "RetryableError";
    this.retryAfter = new Date(parseDuration(options.retryAfter ?? 1000, Date.now()));
  }

  /** True for a RetryableError from any realm, including one rebuilt from the event log. */
  static is(value: unknown): value is RetryableError {
    return typeof value === "object" && value !== null && (value as { name?: unknown }).name === "RetryableError";
  }
}
