import { readLimitedBody } from "../http/read-limited-body.ts";
import { DevtoolsApiError } from "./devtools-api-error.ts";

/** Default request body limit of the devtools API: 1 MiB. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * Reads a JSON request body without ever buffering more than `limit` bytes. An empty body reads as
 * `undefined`; a body that is not `application/json` gets 415, one over the limit 413, bad JSON 400.
 */
export async function readJsonBody(request: Request, limit = DEFAULT_BODY_LIMIT): Promise<unknown> {
  let body: Uint8Array;
  try {
    body = await readLimitedBody(request, limit);
  } catch (error) {
    // The shared reader speaks the delivery routes' codes; this API answers with its own.
    if ((error as { code?: unknown })?.code !== "ERR_HTTP_BODY_TOO_LARGE") throw error;
    throw new DevtoolsApiError("ERR_DEVTOOLS_BODY_TOO_LARGE", `Request body exceeds the ${limit}-byte limit.`, { cause: error });
  }
  if (body.byteLength === 0) return undefined;
  const type = request.headers.get("content-type") ?? "";
  // Requiring JSON also forces browsers into a CORS preflight, which this API never answers.
  if (!/^application\/json\b/i.test(type)) {
    throw new DevtoolsApiError("ERR_DEVTOOLS_UNSUPPORTED_MEDIA_TYPE", `Expected an application/json body, got ${JSON.stringify(type)}.`);
  }
  try {
    return JSON.parse(new TextDecoder().decode(body));
  } catch (error) {
    throw new DevtoolsApiError("ERR_DEVTOOLS_BAD_REQUEST", `Malformed JSON body: ${(error as Error).message}`);
  }
}
