import { HttpInputError } from "./error-status.ts";

/**
 * Reads a request body into memory, refusing one over `limit` bytes with `ERR_HTTP_BODY_TOO_LARGE` (413):
 * checked against `content-length` first and again while streaming, so a lying or missing header never
 * buffers more than `limit`. A request without a body reads as zero bytes.
 * @example const bytes = await readLimitedBody(request, 64 * 1024);
 */
export async function readLimitedBody(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array(0);
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
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function tooLarge(limit: number): HttpInputError {
  return new HttpInputError("ERR_HTTP_BODY_TOO_LARGE", `The request body is larger than ${limit} bytes.`);
}
