import { HttpInputError } from "./error-status.ts";
import { readLimitedBody } from "./read-limited-body.ts";

/** Largest accepted delivery body. */
export const MAX_BODY_BYTES = 64 * 1024;

/** The codes a body reader fails with: each API keeps its own, statuses come from `ERROR_STATUS`. */
export interface BodyErrorCodes {
  /** 400: not JSON, or not the shape asked for. */
  invalid: string;
  /** 413 */
  tooLarge: string;
  /** 415 */
  mediaType: string;
}

const DELIVERY_CODES: BodyErrorCodes = { invalid: "ERR_HTTP_INVALID_JSON", tooLarge: "ERR_HTTP_BODY_TOO_LARGE", mediaType: "ERR_HTTP_UNSUPPORTED_MEDIA_TYPE" };

export interface JsonBodyOptions {
  /** Largest accepted body in bytes, checked while streaming. Default `MAX_BODY_BYTES`. */
  limit?: number;
  /**
   * Refuse a body whose `content-type` is not `application/json` (415). Browsers must then send a CORS
   * preflight for a cross-site request, which the devtools API never answers.
   */
  requireJsonType?: boolean;
  codes?: BodyErrorCodes;
}

/**
 * The one request body reader: reads at most `limit` bytes (413 beyond, without buffering more) and parses
 * JSON (400 when malformed). An empty body reads as `undefined`.
 * @example const body = await readJsonBody(request, { limit: 1024 * 1024, requireJsonType: true });
 */
export async function readJsonBody(request: Request, options: JsonBodyOptions = {}): Promise<unknown> {
  const { limit = MAX_BODY_BYTES, codes = DELIVERY_CODES } = options;
  let body: Uint8Array;
  try {
    body = await readLimitedBody(request, limit);
  } catch (error) {
    if ((error as { code?: unknown })?.code !== "ERR_HTTP_BODY_TOO_LARGE") throw error;
    throw new HttpInputError(codes.tooLarge, `The request body is larger than ${limit} bytes.`);
  }
  if (body.byteLength === 0) return undefined;
  const type = request.headers.get("content-type") ?? "";
  if (options.requireJsonType && !/^application\/json\b/i.test(type)) {
    throw new HttpInputError(codes.mediaType, `Expected an application/json body, got ${JSON.stringify(type)}.`);
  }
  try {
    return JSON.parse(new TextDecoder().decode(body));
  } catch (error) {
    throw new HttpInputError(codes.invalid, `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Reads a delivery body: a JSON object of at most `MAX_BODY_BYTES` (413), malformed JSON 400
 * (`ERR_HTTP_INVALID_JSON`), anything but an object 400 (`ERR_HTTP_INVALID_BODY`).
 */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  const value = await readJsonBody(request);
  if (value === undefined) throw new HttpInputError("ERR_HTTP_INVALID_JSON", "The request body is not valid JSON: it is empty.");
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
