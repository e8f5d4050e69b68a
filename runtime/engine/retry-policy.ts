import { FatalError } from "../errors/fatal-error.ts";
import { RetryableError } from "../errors/retryable-error.ts";

/** Retries after the first attempt when a step sets no `maxRetries` ("steps retry up to 3 times"). */
export const DEFAULT_MAX_RETRIES = 3;
/** Delay before a retry when the error does not say (`RetryableError.retryAfter` does). */
export const DEFAULT_RETRY_DELAY_MS = 1000;

/** What happens after a failed attempt. */
export type RetryDecision = { fatal: true } | { fatal: false; retryAt: number };

/**
 * Decides whether a failed step attempt is retried and when. `FatalError` is final at once; otherwise a
 * step gets `maxRetries` retries after its first attempt (default 3, so at most 4 attempts;
 * `maxRetries = 0` means a single attempt). Retries are due `RetryableError.retryAfter`, else 1 s later.
 * Note: the reference implementation counts `maxRetries` as total attempts; we follow the documented wording.
 * @example decideRetry({ error: new Error("x"), attempt: 1, now: 0 }) // { fatal: false, retryAt: 1000 }
 */
export function decideRetry(options: { error: unknown; attempt: number; maxRetries?: unknown; now: number }): RetryDecision {
  const { error, attempt, now } = options;
  if (FatalError.is(error)) return { fatal: true };
  if (attempt >= maxAttempts(options.maxRetries)) return { fatal: true };
  if (RetryableError.is(error)) {
    const retryAt = new Date((error as { retryAfter?: unknown }).retryAfter as Date).getTime();
    if (Number.isFinite(retryAt)) return { fatal: false, retryAt: Math.max(retryAt, now) };
  }
  return { fatal: false, retryAt: now + DEFAULT_RETRY_DELAY_MS };
}

/**
 * The most attempts a step gets: its `maxRetries` (a non-negative integer, else the default 3) plus the
 * first attempt. Attempts cut short by a crash count too.
 * @example maxAttempts(undefined) // 4
 */
export function maxAttempts(maxRetries: unknown): number {
  const retries = Number.isInteger(maxRetries) && (maxRetries as number) >= 0 ? (maxRetries as number) : DEFAULT_MAX_RETRIES;
  return retries + 1;
}
