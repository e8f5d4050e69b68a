import { H3 } from "h3";
import type { Runtime } from "../engine/create-runtime.ts";
import { createDeliveryIdStore } from "./delivery-id-store.ts";
import { SIGNATURE_MAX_AGE_MS } from "./delivery-signature.ts";
import { requireSignedDelivery } from "./delivery-signature-guard.ts";
import { createFlowRoute } from "./flow-route.ts";
import { createStepRoute } from "./step-route.ts";
import { createWebhookRoute } from "./webhook-route.ts";

/** Prefix of the routes external queues deliver to. */
export const WELL_KNOWN_BASE = "/.well-known/workflow/v1";

/** Options of `createWorkflowHandlers` and `createWorkflowApp`. */
export interface WorkflowAppOptions {
  /**
   * Secret that flow and step deliveries must be signed with (`x-workflow-signature`, see `signDelivery`);
   * unsigned, stale, future-dated or tampered deliveries get 401, and a delivery id this process already
   * accepted gets 409; neither changes anything. Webhooks stay public (their token is the secret).
   * Default: none, deliveries are not checked (the dev server).
   */
  deliverySecret?: string;
}

/**
 * The well-known routes' handlers, as plain `(Request) => Promise<Response>` functions.
 * @example const { flow, step } = createWorkflowHandlers(runtime, { deliverySecret: process.env.WORKFLOW_SECRET });
 */
export function createWorkflowHandlers(runtime: Runtime, options: WorkflowAppOptions = {}) {
  // One memory of accepted delivery ids for both routes, so a delivery cannot be replayed to either.
  const deliveryIds = createDeliveryIdStore({ windowMs: SIGNATURE_MAX_AGE_MS });
  const guard = (handler: (request: Request) => Promise<Response>) =>
    options.deliverySecret === undefined ? handler : requireSignedDelivery(handler, { secret: options.deliverySecret, deliveryIds });
  return { flow: guard(createFlowRoute(runtime)), step: guard(createStepRoute(runtime)), webhook: createWebhookRoute(runtime) };
}

/**
 * An h3 app serving `POST /.well-known/workflow/v1/flow` and `/step`, and every method of
 * `/.well-known/workflow/v1/webhook/:token`, for a runtime.
 * @example const app = createWorkflowApp(runtime); const response = await app.fetch(request);
 */
export function createWorkflowApp(runtime: Runtime, options: WorkflowAppOptions = {}): H3 {
  const handlers = createWorkflowHandlers(runtime, options);
  const app = new H3();
  app.post(`${WELL_KNOWN_BASE}/flow`, (event) => handlers.flow(event.req as Request));
  app.post(`${WELL_KNOWN_BASE}/step`, (event) => handlers.step(event.req as Request));
  app.all(`${WELL_KNOWN_BASE}/webhook/:token`, (event) => {
    const path = new URL(event.req.url).pathname;
    return handlers.webhook(event.req as Request, path.slice(path.lastIndexOf("/") + 1));
  });
  return app;
}
