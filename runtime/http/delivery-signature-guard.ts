import { MAX_BODY_BYTES } from "./read-json-body.ts";
import { SIGNATURE_HEADER, verifyDeliverySignature, type SignatureProblem } from "./delivery-signature.ts";

/** A well-known route handler: a web `Request` in, a `Response` out. */
export type DeliveryHandler = (request: Request) => Promise<Response>;

/** Options of `requireSignedDelivery`. */
export interface SignedDeliveryOptions {
  /** The shared secret deliveries are signed with (`WORKFLOW_SECRET`). */
  secret: string;
  /** Source of "now" for the staleness check. Default: `Date.now`. */
  now?: () => number;
}

const REASONS: Record<SignatureProblem, string> = {
  missing: `The delivery has no ${SIGNATURE_HEADER} header.`,
  malformed: `The ${SIGNATURE_HEADER} header is not of the form "t=<unix ms>,v1=<hex hmac>".`,
  stale: "The delivery's signature is older than five minutes (or dated in the future).",
  mismatch: "The delivery's signature does not match its body.",
};

/**
 * Wraps a flow or step route so it only handles deliveries signed with the shared secret. The body is read
 * once (size-limited), verified, and handed on unchanged; anything unsigned, stale or tampered with is
 * answered 401 before the handler runs, so it changes nothing.
 * @example app.post("/.well-known/workflow/v1/flow", requireSignedDelivery(flowRoute, { secret }));
 */
export function requireSignedDelivery(handler: DeliveryHandler, options: SignedDeliveryOptions): DeliveryHandler {
  const now = options.now ?? Date.now;
  return async function signedDelivery(request: Request): Promise<Response> {
    const body = await readBodyText(request);
    if (body === undefined) {
      return Response.json(
        { error: { code: "ERR_HTTP_BODY_TOO_LARGE", message: `The request body is larger than ${MAX_BODY_BYTES} bytes.` } },
        { status: 413 },
      );
    }
    const problem = verifyDeliverySignature(request.headers.get(SIGNATURE_HEADER), body, { secret: options.secret, now: now() });
    if (problem) {
      return Response.json(
        { error: { code: "ERR_DELIVERY_SIGNATURE_INVALID", message: REASONS[problem] } },
        { status: 401, headers: { "www-authenticate": `Signature header="${SIGNATURE_HEADER}"` } },
      );
    }
    return handler(new Request(request.url, { method: request.method, headers: request.headers, body }));
  };
}

/** The body as text, or undefined when it exceeds `MAX_BODY_BYTES` (checked while streaming). */
async function readBodyText(request: Request): Promise<string | undefined> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return undefined;
  if (!request.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
