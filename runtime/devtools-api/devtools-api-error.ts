/**
 * Errors of the devtools API. Only this file maps error codes to HTTP statuses; every failure leaves the
 * API as `{ error: { code, message } }` JSON.
 */

/** Stable error codes of the devtools API, each with the HTTP status it maps to. */
export const DEVTOOLS_API_ERROR_STATUS = {
  ERR_DEVTOOLS_BAD_REQUEST: 400,
  ERR_DEVTOOLS_INVALID_ID: 400,
  ERR_DEVTOOLS_CROSS_ORIGIN: 403,
  ERR_DEVTOOLS_NOT_FOUND: 404,
  ERR_DEVTOOLS_CONFLICT: 409,
  ERR_DEVTOOLS_BODY_TOO_LARGE: 413,
  ERR_DEVTOOLS_UNSUPPORTED_MEDIA_TYPE: 415,
  ERR_DEVTOOLS_INTERNAL: 500,
  ERR_DEVTOOLS_NOT_IMPLEMENTED: 501,
} as const;
export type DevtoolsApiErrorCode = keyof typeof DEVTOOLS_API_ERROR_STATUS;

/** A failure the API reports to the client with a stable `code`. */
export class DevtoolsApiError extends Error {
  readonly code: DevtoolsApiErrorCode;
  constructor(code: DevtoolsApiErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DevtoolsApiError";
    this.code = code;
  }

  /** Brand check that works across module copies and realms. */
  static is(value: unknown): value is DevtoolsApiError {
    return (
      typeof value === "object" &&
      value !== null &&
      (value as { name?: unknown }).name === "DevtoolsApiError" &&
      typeof (value as { code?: unknown }).code === "string" &&
      (value as { code: string }).code in DEVTOOLS_API_ERROR_STATUS
    );
  }
}

/** Turns anything thrown by a handler into the API's JSON error response. */
export function toErrorResponse(error: unknown): Response {
  if (DevtoolsApiError.is(error)) {
    return jsonResponse({ error: { code: error.code, message: error.message } }, DEVTOOLS_API_ERROR_STATUS[error.code]);
  }
  // The world refusing a value taken from the request (a forged list cursor, say) is bad input, not a crash.
  if ((error as { code?: unknown })?.code === "ERR_WORLD_INVALID_INPUT") {
    return jsonResponse({ error: { code: "ERR_DEVTOOLS_BAD_REQUEST", message: (error as Error).message } }, 400);
  }
  const message = error instanceof Error ? error.message : String(error);
  return jsonResponse({ error: { code: "ERR_DEVTOOLS_INTERNAL", message } }, 500);
}

/** A JSON response that is never cached (the panel always wants the current state). */
export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
}
