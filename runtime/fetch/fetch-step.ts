import { BODY_BYTES } from "../serialization/types-table.ts";
import { getStepFunction, registerStepFunction } from "../registry/register-step-function.ts";
import { FETCH_STEP_ID } from "./fetch-step-id.ts";

/** Statuses whose responses cannot carry a body. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * The `fetch` step: performs the host `fetch` and reads the whole body inside the step, so a connection
 * dropped mid-body fails this attempt (and is retried like any step) instead of failing serialization.
 * Returns a `Response` holding the bytes (also under `BODY_BYTES`, so it serializes synchronously), with
 * status, statusText, headers, url, redirected and type preserved. HTTP error statuses are responses, not
 * errors, as with the web `fetch`.
 * @example const response = await fetchStep("https://api.example.com/data");
 */
export async function fetchStep(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const response = await globalThis.fetch(input, init);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return toBufferedResponse(response, bytes);
}

/** A fresh `Response` over `bytes` that reports the same metadata as `response`. */
export function toBufferedResponse(response: Response, bytes: Uint8Array): Response {
  const status = response.status;
  const body = NULL_BODY_STATUSES.has(status) || status < 200 ? null : (bytes as Uint8Array<ArrayBuffer>);
  const buffered = new Response(body, {
    status: status >= 200 && status <= 599 ? status : 200,
    statusText: response.statusText,
    headers: response.headers,
  });
  const own = (key: PropertyKey, value: unknown) => Object.defineProperty(buffered, key, { value, configurable: true, enumerable: false });
  if (buffered.status !== status) own("status", status);
  own("url", response.url);
  own("redirected", response.redirected);
  own("type", response.type);
  own(BODY_BYTES, body);
  return buffered;
}

/**
 * Registers the `fetch` step under `FETCH_STEP_ID` (idempotent); the engine calls it once at start-up so
 * `fetch` from "workflow" works in any process that runs steps.
 * @example registerFetchStep();
 */
export function registerFetchStep(): void {
  if (getStepFunction(FETCH_STEP_ID) !== fetchStep) registerStepFunction(FETCH_STEP_ID, fetchStep);
}
