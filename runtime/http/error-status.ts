/** The one table mapping error codes to HTTP statuses; anything unknown is a 500. */
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
};

/** An error raised by the HTTP layer itself (bad request bodies). */
export class HttpInputError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = "HttpInputError";
    this.code = code;
  }
}

/**
 * Turns any thrown value into `{ error: { code, message } }` with the status of its code. Unexpected errors
 * answer 500 without internals.
 */
export function toErrorResponse(error: unknown): Response {
  const code = typeof (error as { code?: unknown })?.code === "string" ? (error as { code: string }).code : undefined;
  const status = (code && ERROR_STATUS[code]) || 500;
  const message = status === 500 ? "Internal error while handling the delivery." : String((error as Error).message);
  return Response.json({ error: { code: status === 500 ? "ERR_INTERNAL" : code, message } }, { status });
}
