import { streamHandleData } from "../streams/sandbox-streams.ts";

/** A body as the sandbox classes keep it: bytes in memory and the content type its init implies. */
export interface ExtractedBody {
  bytes: Uint8Array | null;
  contentType?: string;
}

const utf8 = new TextEncoder();
const tagOf = (value: object) => Object.prototype.toString.call(value).slice(8, -1);

/**
 * Turns a `BodyInit` given to the sandbox's `Request`/`Response` into bytes, the way the Fetch standard does
 * (strings as UTF-8 `text/plain`, `URLSearchParams` as form data, buffers and views copied). Works on values
 * of any realm; a stream body must be bytes the runtime holds (a body handle), never a stored stream.
 */
export function extractBody(body: unknown, realm: typeof globalThis): ExtractedBody {
  if (body === null || body === undefined) return { bytes: null };
  if (typeof body === "string") return { bytes: utf8.encode(body), contentType: "text/plain;charset=UTF-8" };
  if (typeof body === "object") {
    const tag = tagOf(body);
    if (tag === "URLSearchParams") {
      return { bytes: utf8.encode(String(body)), contentType: "application/x-www-form-urlencoded;charset=UTF-8" };
    }
    if (tag === "ArrayBuffer" || tag === "SharedArrayBuffer") return { bytes: new Uint8Array(body as ArrayBuffer).slice() };
    if (ArrayBuffer.isView(body)) return { bytes: new Uint8Array(body.buffer, body.byteOffset, body.byteLength).slice() };
    const handle = streamHandleData(body);
    if (handle?.kind === "readable" && "bytes" in handle) return { bytes: new Uint8Array(handle.bytes).slice() };
    if (handle) {
      throw new realm.TypeError("A stream cannot be used as a body in a workflow function: build the Request or Response in a step function.");
    }
  }
  return { bytes: utf8.encode(String(body)), contentType: "text/plain;charset=UTF-8" };
}
