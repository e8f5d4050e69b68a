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
 * Sends a `Request` to a webhook and returns the response for its sender.
 * @example return resumeWebhook(token, request);
 */
export async function resumeWebhook(token: string, request: Request): Promise<Response> {
  void token;
  void request;
  throw new Error("`resumeWebhook()` is not supported by this version of vite-workflow yet; use `resumeHook()`.");
}
