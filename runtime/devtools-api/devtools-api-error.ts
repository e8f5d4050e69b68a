/**
 * Errors of the devtools API. Every failure leaves the API as `{ error: { code, message } }` JSON, with the
 * status `runtime/http/error-status.ts` gives its code (engine errors keep their own codes there).
 */
import { HTTPError } from "h3";
import { ERROR_STATUS, type InternalErrorShape, toErrorResponse as toHttpErrorResponse } from "../http/error-status.ts";

/** Stable error codes of the devtools API; their statuses are in the shared table (`ERROR_STATUS`). */
export type DevtoolsApiErrorCode =
  | "ERR_DEVTOOLS_BAD_REQUEST"
  | "ERR_DEVTOOLS_INVALID_ID"
  | "ERR_DEVTOOLS_CROSS_ORIGIN"
  | "ERR_DEVTOOLS_NOT_FOUND"
  | "ERR_DEVTOOLS_CONFLICT"
  | "ERR_DEVTOOLS_BODY_TOO_LARGE"
  | "ERR_DEVTOOLS_UNSUPPORTED_MEDIA_TYPE"
  | "ERR_DEVTOOLS_OUTSIDE_PROJECT"
  | "ERR_DEVTOOLS_NO_EDITOR"
  | "ERR_DEVTOOLS_EDITOR_FAILED";

/**
 * A failure the API reports to the client with a stable `code`. It is an h3 `HTTPError` (h3 passes it on as
 * its own, unwrapped) whose status is its code's in the shared table, so the status is written down once.
 */
export class DevtoolsApiError extends HTTPError {
  readonly code: DevtoolsApiErrorCode;
  /** What went wrong underneath (h3 would keep its own details object here). */
  override readonly cause: unknown;
  constructor(code: DevtoolsApiErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, { status: ERROR_STATUS[code], body: { code } });
    this.code = code;
    this.cause = options?.cause;
  }

  /** Brand check that works across module copies and realms: an h3 `HTTPError` with a devtools code. */
  static is(value: unknown): value is DevtoolsApiError {
    const code = (value as { code?: unknown } | null)?.code;
    return typeof code === "string" && code.startsWith("ERR_DEVTOOLS_") && HTTPError.isError(value);
  }
}

const DEVTOOLS_INTERNAL: InternalErrorShape = { code: "ERR_DEVTOOLS_INTERNAL", exposeMessage: true };

/**
 * Turns anything thrown by a handler into the API's JSON error response, through the shared status table.
 * The world refusing a value taken from the request (a forged list cursor, say) is the client's bad input.
 */
export function toErrorResponse(error: unknown): Response {
  if ((error as { code?: unknown })?.code === "ERR_WORLD_INVALID_INPUT") {
    return toErrorResponse(new DevtoolsApiError("ERR_DEVTOOLS_BAD_REQUEST", (error as Error).message));
  }
  return toHttpErrorResponse(error, DEVTOOLS_INTERNAL);
}

/** A JSON response that is never cached (the panel always wants the current state). */
export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
}
