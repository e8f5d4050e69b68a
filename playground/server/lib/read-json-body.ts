import type { H3Event } from "nitro/h3";
import { jsonError } from "./json-error.ts";

/** Largest request body the API routes read: 1 MiB. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

const JSON_TYPE_RE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

/**
 * Reads a POST body as JSON for the API routes, or answers why not: 415 unless `Content-Type` is JSON (which
 * also stops cross-site form and `text/plain` posts, since a browser must ask first before sending JSON
 * cross-site), 413 over 1 MiB (counted while reading, whatever `Content-Length` says), 400 for malformed
 * JSON. Returns the parsed value, or a `Response` the route returns as is.
 * @example
 * const body = await readJsonBody(event);
 * if (body instanceof Response) return body;
 */
export async function readJsonBody(event: H3Event): Promise<unknown> {
  const request = event.req;
  const type = request.headers.get("content-type") ?? "";
  if (!JSON_TYPE_RE.test(type)) {
    return jsonError(415, `Expected a JSON body with "Content-Type: application/json", got ${type ? `"${type.slice(0, 100)}"` : "none"}.`);
  }
  if (Number(request.headers.get("content-length") ?? 0) > MAX_JSON_BODY_BYTES) return tooLarge();
  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      size += read.value.byteLength;
      if (size > MAX_JSON_BODY_BYTES) {
        await reader.cancel().catch(() => {});
        return tooLarge();
      }
      text += decoder.decode(read.value, { stream: true });
    }
  }
  text += decoder.decode();
  try {
    return JSON.parse(text);
  } catch (error) {
    return jsonError(400, `The request body is not valid JSON (${(error as Error).message}). Send a JSON value such as {"args": []}.`);
  }
}

function tooLarge(): Response {
  return jsonError(413, `The request body is larger than ${MAX_JSON_BODY_BYTES} bytes (1 MiB); send less data per request.`);
}
