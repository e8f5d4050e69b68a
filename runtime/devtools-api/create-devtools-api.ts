import { H3, type H3Event } from "h3";
import type { DevtoolsPort } from "../engine/devtools-port.ts";
import type { World } from "../world/world.ts";
import { assertSameOrigin } from "./assert-same-origin.ts";
import { createChangeHub } from "./create-change-hub.ts";
import type { DevtoolsApiContext } from "./devtools-api-context.ts";
import { DevtoolsApiError, jsonResponse, toErrorResponse } from "./devtools-api-error.ts";
import { explainRoutingError } from "./explain-routing-error.ts";
import { registerActionRoutes } from "./routes/actions.ts";
import { registerChangeEventsRoute } from "./routes/change-events.ts";
import { registerEditorRoute } from "./routes/editor.ts";
import { registerRunRoutes, type Wrap } from "./routes/runs.ts";
import { registerStepLogRoute } from "./routes/step-logs.ts";
import { registerStreamRoutes } from "./routes/streams.ts";

/**
 * Runs a route handler behind the same-origin check and turns its result into JSON. What it throws goes to
 * the app's `onError`, the one place errors become responses.
 */
const wrap: Wrap = (handler) => async (event: H3Event) => {
  assertSameOrigin(event.req);
  const result = await handler(event.req, (event.context.params ?? {}) as Record<string, string>);
  return result instanceof Response ? result : jsonResponse(result);
};

/** Default request body limit of the devtools API: 1 MiB. */
const DEFAULT_BODY_LIMIT = 1024 * 1024;
const BODY_ERROR_CODES = { invalid: "ERR_DEVTOOLS_BAD_REQUEST", tooLarge: "ERR_DEVTOOLS_BODY_TOO_LARGE", mediaType: "ERR_DEVTOOLS_UNSUPPORTED_MEDIA_TYPE" };

/** Where the dev server mounts the devtools API. */
export const DEVTOOLS_API_BASE = "/__workflow/api";

export interface DevtoolsApiOptions {
  /** The store to read runs, events, hooks and streams from. */
  world: World;
  /** The engine, for actions (start, cancel, re-run, wake, resume). Without it, actions answer 404. */
  runtime?: DevtoolsPort;
  /** Known workflow ids for the "start a run" form. Default: `runtime.listWorkflows()`, else none. */
  listWorkflows?: () => string[] | Promise<string[]>;
  /** Path prefix the routes answer under. Default `/__workflow/api`; use `""` when mounting with a prefix. */
  base?: string;
  /** Largest accepted request body in bytes. Default 1 MiB. */
  bodyLimit?: number;
  /** Coalescing window for change notices in ms. Default 15. */
  changeWindowMs?: number;
  /** The project directory: only files inside it open in the editor from stack frames. Default `process.cwd()`. */
  projectRoot?: string;
}

/** The devtools API app plus a `close()` that stops watching the world. */
export interface DevtoolsApi {
  app: H3;
  fetch: (request: Request) => Promise<Response>;
  close(): void;
}

/**
 * Creates the devtools JSON + SSE API (an h3 app) over a world. Dev-server only: it must never be mounted in
 * a production build. Every request must be same-origin; ids are validated before they reach the world.
 * @example
 * const api = createDevtoolsApi({ world, runtime });
 * const response = await api.fetch(new Request("http://localhost/__workflow/api/runs"));
 */
export function createDevtoolsApi(options: DevtoolsApiOptions): DevtoolsApi {
  const base = (options.base ?? DEVTOOLS_API_BASE).replace(/\/+$/, "");
  const runtime = options.runtime;
  const listSource = options.listWorkflows ?? (runtime ? () => runtime.listWorkflows() : undefined);
  const ctx: DevtoolsApiContext = {
    world: options.world,
    runtime,
    listWorkflows: async () => (listSource ? [...(await listSource())].toSorted() : []),
    hub: createChangeHub(options.world, { windowMs: options.changeWindowMs }),
    bodyOptions: { limit: options.bodyLimit ?? DEFAULT_BODY_LIMIT, requireJsonType: true, codes: BODY_ERROR_CODES },
  };

  const app = new H3({ silent: true, onError: (error, event) => toErrorResponse(explainRoutingError(error, event.req as Request)) });
  registerRunRoutes(app, base, ctx, wrap);
  registerActionRoutes(app, base, ctx, wrap);
  registerChangeEventsRoute(app, base, ctx);
  registerStreamRoutes(app, base, ctx);
  registerStepLogRoute(app, base, ctx);
  registerEditorRoute(app, base, wrap, { root: options.projectRoot ?? process.cwd() });
  app.all(`${base}/**`, wrap((request) => {
    throw new DevtoolsApiError("ERR_DEVTOOLS_NOT_FOUND", `Unknown devtools API route: ${request.method} ${new URL(request.url).pathname.slice(0, 200)}.`);
  }));
  // URLs are normalised before routing, so `a/../../..` can land outside the base: answer it here, never 500.
  if (base) {
    app.all("/**", wrap((request) => {
      throw new DevtoolsApiError(
        "ERR_DEVTOOLS_NOT_FOUND",
        `The path ${new URL(request.url).pathname.slice(0, 200)} is outside the devtools API (${base}/): "." and ".." segments ` +
          `are resolved before routing. Send ids and names percent-encoded with encodeURIComponent.`,
      );
    }));
  }

  return {
    app,
    fetch: async (request) => app.fetch(request),
    close: () => ctx.hub.close(),
  };
}
