import { DevtoolsApiError } from "./devtools-api-error.ts";

/** Default request body limit of the devtools API: 1 MiB. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * Reads a JSON request body without ever buffering more than `limit` bytes. An empty body reads as
 * `undefined`; a body that is not `application/json` gets 415, one over the limit 413, bad JSON 400.
 */
export async function readJsonBody(request: Request, limit = DEFAULT_BODY_LIMIT): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!request.body) return undefined;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  if (size === 0) return undefined;
  const type = request.headers.get("content-type") ?? "";
  // Requiring JSON also forces browsers into a CORS preflight, which this API never answers.
  if (!/^application\/json\b/i.test(type)) {
    throw new DevtoolsApiError("ERR_DEVTOOLS_UNSUPPORTED_MEDIA_TYPE", `Expected an application/json body, got ${JSON.stringify(type)}.`);
  }
  const text = new TextDecoder().decode(concat(chunks, size));
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DevtoolsApiError("ERR_DEVTOOLS_BAD_REQUEST", `Malformed JSON body: ${(error as Error).message}`);
  }
}

function tooLarge(limit: number): DevtoolsApiError {
  return new DevtoolsApiError("ERR_DEVTOOLS_BODY_TOO_LARGE", `Request body exceeds the ${limit}-byte limit.`);
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
