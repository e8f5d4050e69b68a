/** Error codes of the runtime that mean "no such run / hook": the routes answer them with 404. */
const NOT_FOUND_CODES = new Set(["ERR_RUN_NOT_FOUND", "ERR_HOOK_NOT_FOUND"]);

/** True when `error` is the runtime saying the run or hook does not exist. */
export function isNotFound(error: unknown): boolean {
  return NOT_FOUND_CODES.has((error as { code?: string } | null)?.code ?? "");
}

/** A JSON error body with a status. */
export function jsonError(status: number, message: string): Response {
  return Response.json({ error: message }, { status });
}

/** The parts of an error worth showing to a client: name, message, code, and the cause's. */
export function describeError(error: unknown): { name: string; message: string; code?: string; cause?: unknown } {
  if (!(error instanceof Error) && (typeof error !== "object" || error === null)) {
    return { name: "Error", message: String(error) };
  }
  const { name = "Error", message = "", code, cause } = error as Error & { code?: string };
  return { name, message, ...(code ? { code } : {}), ...(cause ? { cause: describeError(cause) } : {}) };
}
