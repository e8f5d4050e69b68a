import type { IncomingMessage, ServerResponse } from "node:http";
import { workflowMiddleware } from "vite-workflow/node";

/** The part of an h3 v1 event the handler uses. */
interface H3V1EventLike {
  node: { req: IncomingMessage; res: ServerResponse };
}

const middleware = workflowMiddleware();

/**
 * Nitro 2 handler of `/.well-known/workflow/**`, registered by `vite-workflow/nuxt` in production builds:
 * serves the flow, step and webhook routes of the embedded runtime on h3 v1's Node request and response.
 * Resolves once the response is sent (or hands an error to h3).
 */
function workflowWellKnownHandler(event: H3V1EventLike): Promise<void> {
  const { req, res } = event.node;
  return new Promise((resolve, reject) => {
    res.once("close", () => resolve());
    res.once("finish", () => resolve());
    middleware(req, res, (error) => (error ? reject(error) : resolve()));
  });
}

// What h3 v1's defineEventHandler() marks, so Nitro 2 takes the function as a handler without importing h3.
export default Object.assign(workflowWellKnownHandler, { __is_handler__: true });
