/**
 * The id formats of the event log. Runs are `wrun_<ULID>`, events `evnt_<ULID>`; step, wait and hook
 * correlation ids are `<kind>_<run ULID>_<call number>`, derived from the run and call order so that replay
 * reproduces them.
 */

/** A ULID: 26 Crockford base32 characters, upper case, whose first character keeps it within 48 bits of time. */
export const ULID_PATTERN = "[0-7][0-9A-HJKMNP-TV-Z]{25}";

/** Prefix of run ids. */
export const RUN_ID_PREFIX = "wrun_";
/** Prefix of event ids. */
export const EVENT_ID_PREFIX = "evnt_";
/** Prefixes of correlation ids, by the kind of call they name. */
export const CORRELATION_ID_PREFIXES = ["step_", "wait_", "hook_"] as const;

/** `wrun_<ULID>`; the ULID is captured. */
export const RUN_ID_RE: RegExp = new RegExp(`^${RUN_ID_PREFIX}(${ULID_PATTERN})$`);
/** `evnt_<ULID>`. */
export const EVENT_ID_RE: RegExp = new RegExp(`^${EVENT_ID_PREFIX}${ULID_PATTERN}$`);
/** A step, wait or hook correlation id as it may appear in a request: prefix, then a bounded safe body. */
export const CORRELATION_ID_RE = /^(step|hook|wait)_[0-9A-Za-z_-]{1,128}$/;

/**
 * True when `value` is `wrun_<ULID>`.
 * @example isRunId("wrun_01JD8Z3K4M5N6P7Q8R9S0T1V2W") // true
 */
export function isRunId(value: unknown): value is string {
  return typeof value === "string" && RUN_ID_RE.test(value);
}

/** True when `value` is a step, wait or hook correlation id. */
export function isCorrelationId(value: unknown): value is string {
  return typeof value === "string" && CORRELATION_ID_RE.test(value);
}

/** The ULID part of a run id (`wrun_<ULID>` → `<ULID>`); undefined for anything that is not a run id. */
export function runUlidOf(runId: unknown): string | undefined {
  return typeof runId === "string" ? RUN_ID_RE.exec(runId)?.[1] : undefined;
}
