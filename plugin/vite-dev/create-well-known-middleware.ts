import type { IncomingMessage, ServerResponse } from "node:http";
import type { Connect } from "vite";

/** Path prefix of the routes the runtime serves (`flow`, `step`, `webhook/:token`). */
export const WELL_KNOWN_PREFIX = "/.well-known/workflow/";

/** A Node request handler such as h3's `toNodeHandler(app)`. */
export type NodeRequestHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * Wraps the runtime's HTTP handler as a named connect middleware that answers only under
 * `/.well-known/workflow/` and passes every other request on. `handler` may be a promise (the runtime
 * is created once the server listens); requests arriving earlier wait for it.
 * @example server.middlewares.use(createWellKnownMiddleware(handlerPromise));
 */
export function createWellKnownMiddleware(
  handler: NodeRequestHandler | Promise<NodeRequestHandler>,
): Connect.NextHandleFunction {
  // A runtime that failed to start is reported by its creator and to each request, not as an unhandled rejection.
  if (handler instanceof Promise) handler.catch(() => {});
  return function workflowWellKnownMiddleware(req, res, next) {
    if (!req.url?.startsWith(WELL_KNOWN_PREFIX)) return next();
    Promise.resolve(handler)
      .then((handle) => handle(req, res))
      .catch(next);
  };
}
