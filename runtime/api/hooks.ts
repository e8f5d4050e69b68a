import { getRuntime } from "../engine/default-runtime.ts";
import type { HookInfo } from "../engine/run-control.ts";

/**
 * Sends a payload to the hook that owns `token` and resumes its run; resolves once the payload is durable.
 * Throws `HookNotFoundError` for an unknown token.
 * @example await resumeHook(token, { approved: true });
 */
export function resumeHook<T = unknown>(token: string, payload: T): Promise<HookInfo> {
  return getRuntime().resumeHook(token, payload);
}

/**
 * Looks up the live hook that owns `token` (its run, id and metadata). Throws `HookNotFoundError` if none.
 * @example const { runId } = await getHookByToken(token);
 */
export function getHookByToken(token: string): Promise<HookInfo> {
  return getRuntime().getHookByToken(token);
}

/**
 * Sends an HTTP `Request` to the webhook that owns `token` (from a route of your own) and resolves with the
 * response for its sender: 202, the webhook's static `respondWith` response, or the one a step sends with
 * `request.respondWith()`. Throws `HookNotFoundError` for an unknown token.
 * @example return resumeWebhook(`github:${repo}`, request);
 */
export function resumeWebhook(token: string, request: Request): Promise<Response> {
  return getRuntime().resumeWebhook(token, request);
}
