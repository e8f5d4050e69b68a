import type { Runtime } from "../engine/create-runtime.ts";
import { getRuntime } from "../engine/default-runtime.ts";
import { WorkflowError } from "../errors/workflow-error.ts";
import { createWorkflowHandlers, WELL_KNOWN_BASE } from "../http/create-workflow-app.ts";
import { MIN_SECRET_LENGTH, SECRET_ENV } from "../http/delivery-signature-secret.ts";

type Handlers = ReturnType<typeof createWorkflowHandlers>;

const handlersByRuntime = new WeakMap<Runtime, Handlers>();

/**
 * Whether a request path (or URL) is one of the workflow routes under `/.well-known/workflow/v1/`.
 * @example isWorkflowPath("/.well-known/workflow/v1/webhook/abc") // true
 */
export function isWorkflowPath(pathOrUrl: string): boolean {
  const path = pathOrUrl.startsWith("/") ? pathOrUrl : safePathname(pathOrUrl);
  return path === WELL_KNOWN_BASE || path.startsWith(`${WELL_KNOWN_BASE}/`);
}

/**
 * Serves the workflow routes for a fetch-style server (`Request` in, `Response` out), starting the runtime
 * on first use: `/.well-known/workflow/v1/webhook/:token` always; `/flow` and `/step` (external queue
 * deliveries) only when `WORKFLOW_SECRET` is set, signed with it. Other paths get 404.
 * @example export default { fetch: (request) => isWorkflowPath(request.url) ? workflowHandler(request) : app(request) };
 */
export async function workflowHandler(request: Request): Promise<Response> {
  const path = safePathname(request.url);
  if (!isWorkflowPath(path)) return notFound(path);
  let handlers: Handlers;
  try {
    handlers = handlersFor(getRuntime());
  } catch (error) {
    if (!WorkflowError.is(error)) throw error;
    return Response.json({ error: { code: error.code, message: error.message } }, { status: 503 });
  }
  const rest = path.slice(WELL_KNOWN_BASE.length);
  if (rest.startsWith("/webhook/") && rest.length > "/webhook/".length) {
    return handlers.webhook(request, rest.slice("/webhook/".length));
  }
  if ((rest === "/flow" || rest === "/step") && deliverySecret() !== undefined) {
    if (request.method !== "POST") return Response.json({ error: { code: "ERR_METHOD_NOT_ALLOWED", message: "Use POST." } }, { status: 405 });
    return rest === "/flow" ? handlers.flow(request) : handlers.step(request);
  }
  return notFound(path);
}

function handlersFor(runtime: Runtime): Handlers {
  let handlers = handlersByRuntime.get(runtime);
  if (!handlers) {
    handlers = createWorkflowHandlers(runtime, { deliverySecret: deliverySecret() });
    handlersByRuntime.set(runtime, handlers);
  }
  return handlers;
}

/** The delivery secret when one long enough is set; without it the flow and step routes are not served. */
function deliverySecret(): string | undefined {
  const secret = process.env[SECRET_ENV]?.trim();
  return secret && secret.length >= MIN_SECRET_LENGTH ? secret : undefined;
}

function notFound(path: string): Response {
  return Response.json(
    {
      error: {
        code: "ERR_NOT_FOUND",
        message: `No workflow route at ${path}. Webhooks are served at ${WELL_KNOWN_BASE}/webhook/:token; /flow and /step need ${SECRET_ENV} (at least ${MIN_SECRET_LENGTH} characters).`,
      },
    },
    { status: 404 },
  );
}

function safePathname(url: string): string {
  try {
    return new URL(url, "http://localhost").pathname;
  } catch {
    return url;
  }
}
