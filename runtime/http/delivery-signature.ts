import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

/**
 * Header carrying a delivery's signature: `t=<unix ms>,id=<delivery id>,v1=<hex HMAC-SHA256>` over
 * `"v1" LF method LF path LF id LF t LF body` (see `signDelivery`).
 */
export const SIGNATURE_HEADER = "x-workflow-signature";

/** Oldest signature timestamp accepted, in milliseconds before now. */
export const SIGNATURE_MAX_AGE_MS = 5 * 60_000;

/** Furthest a signature timestamp may lie ahead of now (clock skew between sender and server), in ms. */
export const SIGNATURE_MAX_FUTURE_MS = 30_000;

/** Delivery ids: URL-safe, 8 to 128 characters (a UUID fits). */
export const DELIVERY_ID_RE = /^[A-Za-z0-9_-]{8,128}$/;

const SIGNATURE_RE = /^t=(\d{1,16}),id=([A-Za-z0-9_-]{8,128}),v1=([0-9a-f]{64})$/;

/** Why a signature was refused; `undefined` from `verifyDeliverySignature` means it is valid. */
export type SignatureProblem = "missing" | "malformed" | "stale" | "future" | "mismatch";

/** What a signature covers: the request line and the exact body. */
export interface DeliveryToSign {
  /** The path the server receives, e.g. `/.well-known/workflow/v1/flow` (an absolute URL is reduced to its path). */
  path: string;
  /** The raw body, byte for byte as sent. */
  body: string;
  /** HTTP method. Default: `"POST"`. */
  method?: string;
  /** Unique id of this delivery attempt; the server accepts each id once. Default: a random UUID. */
  id?: string;
  /** Signing time in unix ms. Default: `Date.now()`. */
  timestamp?: number;
}

/** Options of `verifyDeliverySignature`. */
export interface VerifySignatureOptions {
  /** The shared secret (`WORKFLOW_SECRET`). */
  secret: string;
  /** Current time in ms. Default: `Date.now()`. */
  now?: number;
  /** Oldest accepted signature, in ms before now. Default: `SIGNATURE_MAX_AGE_MS`. */
  maxAgeMs?: number;
  /** Furthest accepted signature ahead of now, in ms. Default: `SIGNATURE_MAX_FUTURE_MS`. */
  maxFutureMs?: number;
}

/** A verified signature: the delivery's id and signing time, or the reason it was refused. */
export type SignatureCheck = { problem: SignatureProblem } | { problem: undefined; id: string; timestamp: number };

/**
 * Signs one flow or step delivery for the `x-workflow-signature` header. The signature covers the method,
 * the path, a fresh delivery id, the time and the body, so it cannot be moved to another route, replayed
 * (the server accepts each id once) or kept for later. Sign every attempt anew, retries included.
 * @example
 * const body = JSON.stringify({ runId });
 * const path = "/.well-known/workflow/v1/flow";
 * await fetch(base + path, {
 *   method: "POST", body,
 *   headers: { "content-type": "application/json", "x-workflow-signature": signDelivery(secret, { path, body }) },
 * });
 */
export function signDelivery(secret: string, delivery: DeliveryToSign): string {
  const id = delivery.id ?? randomUUID();
  if (!DELIVERY_ID_RE.test(id)) throw new TypeError(`Delivery id "${id}" must be 8 to 128 characters of A-Z, a-z, 0-9, "_" or "-".`);
  const timestamp = Math.trunc(delivery.timestamp ?? Date.now());
  const method = (delivery.method ?? "POST").toUpperCase();
  return `t=${timestamp},id=${id},v1=${digest(secret, method, toPath(delivery.path), id, timestamp, delivery.body)}`;
}

/**
 * Checks a delivery's signature header against the request it came with: the HMAC over method, path, id,
 * time and exact body must match (compared in constant time), and the time must lie no more than `maxAgeMs`
 * in the past nor `maxFutureMs` in the future. Replays are not detected here (see `createDeliveryIdStore`).
 * @example const check = verifyDeliverySignature(header, { method: "POST", path, body }, { secret });
 */
export function verifyDeliverySignature(
  header: string | null | undefined,
  request: { method: string; path: string; body: string },
  options: VerifySignatureOptions,
): SignatureCheck {
  if (!header) return { problem: "missing" };
  const match = SIGNATURE_RE.exec(header.trim());
  if (!match) return { problem: "malformed" };
  const timestamp = Number(match[1]);
  const id = match[2];
  const now = options.now ?? Date.now();
  if (now - timestamp > (options.maxAgeMs ?? SIGNATURE_MAX_AGE_MS)) return { problem: "stale" };
  if (timestamp - now > (options.maxFutureMs ?? SIGNATURE_MAX_FUTURE_MS)) return { problem: "future" };
  const expected = Buffer.from(digest(options.secret, request.method.toUpperCase(), toPath(request.path), id, timestamp, request.body), "hex");
  const received = Buffer.from(match[3], "hex");
  return timingSafeEqual(expected, received) ? { problem: undefined, id, timestamp } : { problem: "mismatch" };
}

function toPath(pathOrUrl: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(pathOrUrl) ? new URL(pathOrUrl).pathname : pathOrUrl;
}

function digest(secret: string, method: string, path: string, id: string, timestamp: number, body: string): string {
  // Newline-separated: none of method, path (percent-encoded), id or timestamp can contain one, so no two
  // different deliveries share a signed string.
  return createHmac("sha256", secret).update(`v1\n${method}\n${path}\n${id}\n${timestamp}\n${body}`).digest("hex");
}
