import { createHmac, timingSafeEqual } from "node:crypto";

/** Header carrying a delivery's signature: `t=<unix ms>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`. */
export const SIGNATURE_HEADER = "x-workflow-signature";

/** Oldest (or furthest in the future) signature timestamp accepted, in milliseconds. */
export const SIGNATURE_MAX_AGE_MS = 5 * 60_000;

const SIGNATURE_RE = /^t=(\d{1,16}),v1=([0-9a-f]{64})$/;

/** Why a signature was refused; `undefined` from `verifyDeliverySignature` means it is valid. */
export type SignatureProblem = "missing" | "malformed" | "stale" | "mismatch";

/** Options of `verifyDeliverySignature`. */
export interface VerifySignatureOptions {
  /** The shared secret (`WORKFLOW_SECRET`). */
  secret: string;
  /** Current time in ms. Default: `Date.now()`. */
  now?: number;
  /** Largest accepted distance between the signature's timestamp and now. Default: `SIGNATURE_MAX_AGE_MS`. */
  maxAgeMs?: number;
}

/**
 * Signs a flow or step delivery body for the `x-workflow-signature` header; what an external queue sender
 * puts on each request to `/.well-known/workflow/v1/flow` and `/step`.
 * @example
 * const body = JSON.stringify({ runId });
 * await fetch(`${base}/.well-known/workflow/v1/flow`, {
 *   method: "POST", body, headers: { "x-workflow-signature": signDelivery(process.env.WORKFLOW_SECRET!, body) },
 * });
 */
export function signDelivery(secret: string, body: string, timestamp: number = Date.now()): string {
  return `t=${Math.trunc(timestamp)},v1=${digest(secret, Math.trunc(timestamp), body)}`;
}

/**
 * Checks a delivery's signature header against its exact body: the HMAC must match (compared in constant
 * time) and the timestamp must lie within `maxAgeMs` of now. Returns the problem, or undefined when valid.
 */
export function verifyDeliverySignature(
  header: string | null | undefined,
  body: string,
  options: VerifySignatureOptions,
): SignatureProblem | undefined {
  if (!header) return "missing";
  const match = SIGNATURE_RE.exec(header.trim());
  if (!match) return "malformed";
  const timestamp = Number(match[1]);
  const now = options.now ?? Date.now();
  if (Math.abs(now - timestamp) > (options.maxAgeMs ?? SIGNATURE_MAX_AGE_MS)) return "stale";
  const expected = Buffer.from(digest(options.secret, timestamp, body), "hex");
  const received = Buffer.from(match[2], "hex");
  return timingSafeEqual(expected, received) ? undefined : "mismatch";
}

function digest(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}
