import { toErrorResponse } from "./error-status.ts";
import { MAX_BODY_BYTES } from "./read-json-body.ts";
import { readLimitedBody } from "./read-limited-body.ts";
import { createDeliveryIdStore, type DeliveryIdStore } from "./delivery-id-store.ts";
import { SIGNATURE_HEADER, SIGNATURE_MAX_AGE_MS, verifyDeliverySignature, type SignatureProblem } from "./delivery-signature.ts";

/** A well-known route handler: a web `Request` in, a `Response` out. */
export type DeliveryHandler = (request: Request) => Promise<Response>;

/** Options of `requireSignedDelivery`. */
export interface SignedDeliveryOptions {
  /** The shared secret deliveries are signed with (`WORKFLOW_SECRET`). */
  secret: string;
  /** Source of "now" for the age checks. Default: `Date.now`. */
  now?: () => number;
  /**
   * Where accepted delivery ids are remembered; share one store between the flow and step routes.
   * Default: a new per-process store (`createDeliveryIdStore`).
   */
  deliveryIds?: DeliveryIdStore;
}

const REASONS: Record<SignatureProblem | "expired", string> = {
  missing: `The delivery has no ${SIGNATURE_HEADER} header.`,
  malformed: `The ${SIGNATURE_HEADER} header is not of the form "t=<unix ms>,id=<delivery id>,v1=<hex hmac>".`,
  stale: "The delivery's signature is more than five minutes old; sign each delivery when sending it.",
  future: "The delivery's signature is dated more than 30 seconds in the future; check the sender's clock.",
  mismatch: "The delivery's signature does not match its method, path, id, time and body.",
  expired: "The delivery was signed too long ago for this server to tell it from a replay (it is receiving deliveries faster than it can remember); send it again with a fresh signature.",
};

/**
 * Wraps a flow or step route so it only handles deliveries signed with the shared secret, each at most once.
 * The body is read once (size-limited), verified, and handed on unchanged. Anything unsigned, stale, dated
 * in the future or tampered with gets 401; a delivery id already accepted by this process gets 409. Both
 * are answered before the handler runs, so they change nothing.
 * @example app.post("/.well-known/workflow/v1/flow", requireSignedDelivery(flowRoute, { secret }));
 */
export function requireSignedDelivery(handler: DeliveryHandler, options: SignedDeliveryOptions): DeliveryHandler {
  const now = options.now ?? Date.now;
  const deliveryIds = options.deliveryIds ?? createDeliveryIdStore({ windowMs: SIGNATURE_MAX_AGE_MS });
  return async function signedDelivery(request: Request): Promise<Response> {
    let body: string;
    try {
      body = new TextDecoder().decode(await readLimitedBody(request, MAX_BODY_BYTES));
    } catch (error) {
      if ((error as { code?: unknown })?.code === "ERR_HTTP_BODY_TOO_LARGE") return toErrorResponse(error);
      throw error;
    }
    const at = now();
    const check = verifyDeliverySignature(
      request.headers.get(SIGNATURE_HEADER),
      { method: request.method, path: new URL(request.url).pathname, body },
      { secret: options.secret, now: at },
    );
    if (check.problem) return refuse(401, "ERR_DELIVERY_SIGNATURE_INVALID", REASONS[check.problem]);
    const claim = deliveryIds.claim(check.id, check.timestamp, at);
    if (claim === "expired") return refuse(401, "ERR_DELIVERY_SIGNATURE_INVALID", REASONS.expired);
    if (claim === "replayed") {
      return refuse(
        409,
        "ERR_DELIVERY_REPLAYED",
        `Delivery "${check.id}" was already accepted; a signed delivery is handled once. Sign each attempt, retries included, with a new id.`,
      );
    }
    return handler(new Request(request.url, { method: request.method, headers: request.headers, body }));
  };
}

function refuse(status: number, code: string, message: string): Response {
  const headers: Record<string, string> = status === 401 ? { "www-authenticate": `Signature header="${SIGNATURE_HEADER}"` } : {};
  return Response.json({ error: { code, message } }, { status, headers });
}
