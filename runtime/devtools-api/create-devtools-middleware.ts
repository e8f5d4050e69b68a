import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { World } from "../world/world.ts";
import { createDevtoolsApi, type DevtoolsApi } from "./create-devtools-api.ts";
import type { DevtoolsPort } from "../engine/devtools-port.ts";
import { serveDevtoolsUi } from "./serve-devtools-ui.ts";

/** Where the panel is served on the dev server. */
export const DEVTOOLS_BASE = "/__workflow";
/**
 * The built panel shipped with the package (`npm run build:devtools`): `devtools-ui/dist/` at the package
 * root, found from this file whether it runs from source (`runtime/…`) or compiled (`dist/runtime/…`).
 */
export const DEFAULT_DEVTOOLS_UI_DIR = [
  "../../devtools-ui/dist/",
  "../../../devtools-ui/dist/",
].map((relative) => fileURLToPath(new URL(relative, import.meta.url))).find((dir) => existsSync(dir))
  ?? fileURLToPath(new URL("../../devtools-ui/dist/", import.meta.url));

export interface DevtoolsMiddlewareOptions {
  /** The store (or a promise of it: the dev server creates it once it listens). */
  world: World | Promise<World>;
  /** The engine for the panel's actions (see `createDevtoolsPort`); without it, actions answer 404. */
  runtime?: DevtoolsPort | Promise<DevtoolsPort | undefined>;
  /** Known workflow ids; default `runtime.listWorkflows()`. */
  listWorkflows?: () => string[] | Promise<string[]>;
  /** Directory of the built panel. Default: the package's `devtools-ui/dist/`. */
  uiDir?: string;
}

/** A Connect middleware (what `viteServer.middlewares.use` takes) plus `close()`. */
export interface DevtoolsMiddleware {
  (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void;
  api: Promise<DevtoolsApi>;
  close(): void;
}

/**
 * Serves the panel at `/__workflow/` and its API at `/__workflow/api/` on the dev server; every other
 * request goes to `next()`. Dev-server only.
 * @example
 * const devtools = createDevtoolsMiddleware({ world, runtime: createDevtoolsPort(runtime) });
 * server.middlewares.use(devtools);
 * server.httpServer?.on("close", () => devtools.close());
 */
export function createDevtoolsMiddleware(options: DevtoolsMiddlewareOptions): DevtoolsMiddleware {
  const api = Promise.all([options.world, options.runtime]).then(([world, runtime]) => {
    // The first listing loads the world's run index (a few hundred ms with 10,000 runs on disk): it starts now,
    // in the background, so the panel opened later paints its list without waiting for it.
    void world.listRuns({ limit: 1 }).catch(() => undefined);
    return createDevtoolsApi({ world, runtime, listWorkflows: options.listWorkflows });
  });
  api.catch(() => {});
  const uiDir = options.uiDir ?? DEFAULT_DEVTOOLS_UI_DIR;

  const middleware = function workflowDevtoolsMiddleware(req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) {
    const url = (req as { originalUrl?: string }).originalUrl ?? req.url ?? "/";
    const path = url.split("?")[0];
    if (path !== DEVTOOLS_BASE && !path.startsWith(`${DEVTOOLS_BASE}/`)) return next();
    handle(req, res, url, path).catch((error) => {
      if (!res.headersSent) next(error);
      else res.destroy(error as Error);
    });
  } as DevtoolsMiddleware;

  async function handle(req: IncomingMessage, res: ServerResponse, url: string, path: string) {
    if (path === DEVTOOLS_BASE) {
      res.writeHead(302, { location: `${DEVTOOLS_BASE}/` }).end();
      return;
    }
    if (path.startsWith(`${DEVTOOLS_BASE}/api/`) || path === `${DEVTOOLS_BASE}/api`) {
      const abort = new AbortController();
      res.on("close", () => abort.abort());
      await sendResponse(res, await (await api).fetch(toRequest(req, url, abort.signal)));
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    const response = await serveDevtoolsUi(uiDir, path.slice(DEVTOOLS_BASE.length + 1));
    if (!response) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found");
      return;
    }
    await sendResponse(res, response, req.method === "HEAD");
  }

  middleware.api = api;
  middleware.close = () => void api.then((instance) => instance.close(), () => {});
  return middleware;
}

function toRequest(req: IncomingMessage, url: string, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(":")) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(`http://${req.headers.host ?? "localhost"}${url}`, {
    method: req.method,
    headers,
    signal,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    // Required by undici for streamed request bodies.
    ...(hasBody ? { duplex: "half" } : {}),
  } as RequestInit);
}

async function sendResponse(res: ServerResponse, response: Response, headOnly = false): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = name === "set-cookie" ? [...((headers[name] as string[]) ?? []), value] : value;
  });
  res.writeHead(response.status, headers);
  if (!response.body || headOnly) {
    res.end();
    return;
  }
  // Event streams must reach the browser chunk by chunk, not when a buffer fills.
  res.flushHeaders();
  const reader = response.body.getReader();
  res.on("close", () => void reader.cancel().catch(() => {}));
  for (;;) {
    const { done, value } = await reader.read().catch(() => ({ done: true as const, value: undefined }));
    if (done || res.destroyed) break;
    res.write(value);
  }
  res.end();
}
