import ms, { type StringValue } from "ms";
import { WorkflowError } from "../errors/workflow-error.ts";

/**
 * What `sleep()` and `RetryableError`'s `retryAfter` accept: an `ms` duration string (`"5s"`, `"7 days"`;
 * typed, so `"7 dayz"` is a compile error), milliseconds, or a `Date`.
 */
export type DurationInput = StringValue | number | Date;

/**
 * Turns a duration (an `ms` string such as `"5s"`, a number of milliseconds, or a `Date`) into an absolute
 * timestamp in milliseconds since the epoch, relative to `now`. Fractions of a millisecond are rounded.
 * Throws `ERR_INVALID_DURATION` with the reference's texts for bad strings and numbers.
 * @example parseDuration("1m", 0) // 60000
 */
export function parseDuration(value: DurationInput, now: number): number {
  if (typeof value === "string") {
    const duration = parseDurationString(value);
    if (duration === undefined) {
      throw invalidDuration(
        `Invalid duration: ${JSON.stringify(value)}. Expected a valid duration string like "1s", "1m", "1h", etc.`,
      );
    }
    return now + Math.round(duration);
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0) {
      throw invalidDuration(`Invalid duration: ${value}. Expected a non-negative finite number of milliseconds.`);
    }
    return now + Math.round(value);
  }
  // Tag check instead of `instanceof`: a Date created inside the workflow sandbox comes from another realm.
  if (Object.prototype.toString.call(value) === "[object Date]") {
    const time = Date.prototype.getTime.call(value);
    if (Number.isNaN(time)) {
      throw invalidDuration(`Invalid duration: Invalid Date. Expected a valid Date.`);
    }
    return time;
  }
  throw invalidDuration(
    `Invalid duration: ${String(value)}. Expected a duration string like "1s", a non-negative number of milliseconds, or a Date.`,
  );
}

// Takes any string: JavaScript callers and values from outside the type system reach it unchecked.
function parseDurationString(value: string): number | undefined {
  let duration: number | undefined;
  try {
    duration = ms(value as StringValue) as number | undefined;
  } catch {
    // `ms` throws for an empty string; that is just another invalid duration.
    return undefined;
  }
  return typeof duration === "number" && Number.isFinite(duration) && duration >= 0 ? duration : undefined;
}

function invalidDuration(message: string): WorkflowError {
  return new WorkflowError("ERR_INVALID_DURATION", message);
}
