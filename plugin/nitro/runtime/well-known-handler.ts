// ALL /.well-known/workflow/v1/{flow,step,webhook/:token} in a built Nitro server: hands the request to the
// runtime's h3 app (signature checks, validation and status codes live there).
import { getWellKnownApp } from "./install-production-runtime.ts";

/** Nitro route handler (h3 v2: a function of the event) delegating to the workflow app. */
export default function wellKnownHandler(event: { req: Request }): Response | Promise<Response> {
  const app = getWellKnownApp();
  if (!app) {
    return Response.json(
      { error: { code: "ERR_RUNTIME_NOT_CONFIGURED", message: "The workflow runtime has not started in this server." } },
      { status: 503 },
    );
  }
  return app.fetch(event.req);
}
