import { HttpInputError } from "./error-status.ts";
import { readLimitedBody } from "./read-limited-body.ts";

/** Largest accepted delivery body. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads a request body as a JSON object, refusing bodies over `MAX_BODY_BYTES` (413, checked while
 * streaming, not only from `content-length`) and malformed JSON or non-objects (400).
 */
export async function readJsonBody(request: Request): Promise<Record<string, unknown>> {
  const text = new TextDecoder().decode(await readLimitedBody(request, MAX_BODY_BYTES));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpInputError("ERR_HTTP_INVALID_JSON", "The request body is not valid JSON.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HttpInputError("ERR_HTTP_INVALID_BODY", "The request body must be a JSON object.");
  }
  return value as Record<string, unknown>;
}

/** Reads a required string field, or throws a 400 naming it. */
export function requireString(body: Record<string, unknown>, field: string, pattern?: RegExp): string {
  const value = body[field];
  if (typeof value !== "string" || value.length === 0 || value.length > 300 || (pattern && !pattern.test(value))) {
    throw new HttpInputError("ERR_HTTP_INVALID_BODY", `Field "${field}" must be a valid string.`);
  }
  return value;
}
