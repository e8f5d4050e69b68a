import { NotInWorkflowError } from "../errors/context-errors.ts";
import { currentWorkflowContext } from "./current-context.ts";
import type { RequestWithResponse, Webhook, WebhookOptions } from "./workflow-context.ts";

/**
 * Creates a webhook: a hook resumed by HTTP requests to its `url`; each payload is the `Request`.
 * @example const webhook = createWebhook(); await sendLink(webhook.url); const request = await webhook;
 */
export function createWebhook(options: WebhookOptions & { respondWith: "manual" }): Webhook<RequestWithResponse>;
export function createWebhook(options?: WebhookOptions): Webhook;
export function createWebhook(options?: WebhookOptions): Webhook<Request> | Webhook<RequestWithResponse> {
  const context = currentWorkflowContext();
  if (!context) {
    throw new NotInWorkflowError("createWebhook");
  }
  return context.createWebhook(options);
}
