import { HTTPError } from "h3";

/**
 * The one table mapping error codes to HTTP statuses, for the delivery routes and the devtools API alike;
 * anything unknown is a 500.
 */
export const ERROR_STATUS: Record<string, number> = {
  ERR_HTTP_INVALID_JSON: 400,
  ERR_HTTP_INVALID_BODY: 400,
  ERR_HTTP_BODY_TOO_LARGE: 413,
  ERR_HTTP_UNSUPPORTED_MEDIA_TYPE: 415,
  ERR_RUN_NOT_FOUND: 404,
  ERR_HOOK_NOT_FOUND: 404,
  ERR_STEP_NOT_FOUND: 404,
  ERR_WORKFLOW_NOT_FOUND: 404,
  ERR_HOOK_TOKEN_CONFLICT: 409,
  ERR_SERIALIZATION_FAILED: 400,
  ERR_DESERIALIZATION_FAILED: 400,
  ERR_START_INVALID_WORKFLOW_FUNCTION: 400,
  ERR_RUNTIME_NOT_CONFIGURED: 503,
  ERR_POSTGRES_UNAVAILABLE: 503,
  ERR_WAIT_NOT_FOUND: 404,
  ERR_WORLD_INVALID_INPUT: 400,
  ERR_HOOK_PAYLOAD_INVALID: 400,
  ERR_DEVTOOLS_BAD_REQUEST: 400,
  ERR_DEVTOOLS_INVALID_ID: 400,
  ERR_DEVTOOLS_CROSS_ORIGIN: 403,
  ERR_DEVTOOLS_NOT_FOUND: 404,
  ERR_DEVTOOLS_CONFLICT: 409,
  ERR_DEVTOOLS_BODY_TOO_LARGE: 413,
  ERR_DEVTOOLS_UNSUPPORTED_MEDIA_TYPE: 415,
  ERR_DEVTOOLS_OUTSIDE_PROJECT: 403,
  ERR_DEVTOOLS_NO_EDITOR: 409,
  ERR_DEVTOOLS_EDITOR_FAILED: 409,
};

/**
 * An error raised by the HTTP layer itself (bad request bodies). It is an h3 `HTTPError`, so h3 passes it on
 * unwrapped, and its status is its code's in the table above.
 */
export class HttpInputError extends HTTPError {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message, { status: ERROR_STATUS[code] ?? 400, body: { code } });
    this.code = code;
  }
}

/** The HTTP status of a thrown value: its code's, else the status of an h3 `HTTPError`, else 500. */
export function statusOfError(error: unknown): number {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === "string" && ERROR_STATUS[code]) return ERROR_STATUS[code];
  const status = (error as { status?: unknown })?.status;
  return typeof status === "number" && status >= 400 && status < 500 ? status : 500;
}

/** How `toErrorResponse` answers an unexpected error (500). */
export interface InternalErrorShape {
  code: string;
  /** Whether the error's own message is shown (the dev server's devtools) or a generic one (deliveries). */
  exposeMessage: boolean;
}

const DELIVERY_INTERNAL: InternalErrorShape = { code: "ERR_INTERNAL", exposeMessage: false };

/**
 * Turns any thrown value into `{ error: { code, message, issues? } }` with the status of its code; a schema's
 * `issues` are passed on as they are. Unexpected errors answer 500 as `internal` says.
 */
export function toErrorResponse(error: unknown, internal: InternalErrorShape = DELIVERY_INTERNAL): Response {
  const status = statusOfError(error);
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? error);
  if (status === 500) {
    return errorJson(status, { code: internal.code, message: internal.exposeMessage ? message : "Internal error while handling the delivery." });
  }
  const issues = (error as { issues?: unknown })?.issues;
  return errorJson(status, { code: typeof code === "string" ? code : `ERR_HTTP_${status}`, message, ...(Array.isArray(issues) ? { issues } : {}) });
}

function errorJson(status: number, error: { code: string; message: string; issues?: unknown[] }): Response {
  return new Response(JSON.stringify({ error }), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
}
