// ANY /.well-known/workflow/v1/webhook/:token — an HTTP request for the webhook that owns `token`; answered
// with 202, the webhook's static response, or the response a step sends (`respondWith: "manual"`).
import type { Runtime } from "../engine/create-runtime.ts";
import { toErrorResponse } from "./error-status.ts";
import { readLimitedBody } from "./read-limited-body.ts";

/** Largest webhook request body accepted (it is recorded in the run's event log). */
export const MAX_WEBHOOK_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Handles a webhook request. An unknown, malformed or missing token answers 404 with an empty body (nothing
 * reveals which tokens exist); a body over `MAX_WEBHOOK_BODY_BYTES` answers 413.
 */
export function createWebhookRoute(runtime: Runtime) {
  return async function webhookRoute(request: Request, encodedToken: string): Promise<Response> {
    let token: string;
    try {
      token = decodeURIComponent(encodedToken);
    } catch {
      return notFound();
    }
    if (token.length === 0 || token.length > 256) return notFound();
    try {
      return await runtime.resumeWebhook(token, await bufferBody(request));
    } catch (error) {
      if ((error as { code?: unknown })?.code === "ERR_HOOK_NOT_FOUND") return notFound();
      if ((error as { code?: unknown })?.code === "ERR_WEBHOOK_RESPONSE_NOT_SENT") {
        // The documented error, shown to the caller: the run ended without `request.respondWith()`.
        return Response.json({ error: { code: "ERR_WEBHOOK_RESPONSE_NOT_SENT", message: (error as Error).message } }, { status: 500 });
      }
      return toErrorResponse(error);
    }
  };
}

const notFound = () => new Response(null, { status: 404 });

/** The request with its body read into memory (413 over `MAX_WEBHOOK_BODY_BYTES`); bodiless requests pass as they are. */
async function bufferBody(request: Request): Promise<Request> {
  if (request.body === null || request.method === "GET" || request.method === "HEAD") return request;
  const body = await readLimitedBody(request, MAX_WEBHOOK_BODY_BYTES);
  return new Request(request.url, { method: request.method, headers: request.headers, body });
}
