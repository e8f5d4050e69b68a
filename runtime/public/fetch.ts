import { FETCH_STEP_ID } from "../fetch/fetch-step-id.ts";
import { currentWorkflowContext } from "./current-context.ts";

/**
 * `fetch` as a durable step: inside a workflow each call is recorded and retried like any step; elsewhere it
 * is the global `fetch`. Assign it to `globalThis.fetch` in a workflow to let libraries make requests.
 * @example const response = await fetch("https://api.example.com/data");
 */
export function fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const context = currentWorkflowContext();
  if (!context) return globalThis.fetch(input, init);
  return context.callStep(FETCH_STEP_ID, init === undefined ? [input] : [input, init]) as Promise<Response>;
}
