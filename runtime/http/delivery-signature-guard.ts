import { toErrorResponse } from "./error-status.ts";
import { MAX_BODY_BYTES } from "./read-json-body.ts";
import { readLimitedBody } from "./read-limited-body.ts";
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
    let body: string;
    try {
      body = new TextDecoder().decode(await readLimitedBody(request, MAX_BODY_BYTES));
    } catch (error) {
      if ((error as { code?: unknown })?.code === "ERR_HTTP_BODY_TOO_LARGE") return toErrorResponse(error);
      throw error;
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
