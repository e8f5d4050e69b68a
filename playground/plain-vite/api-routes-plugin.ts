import { isRunnableDevEnvironment, type Plugin } from "vite";

/**
 * A plain Vite app's API, without any server framework: `configureServer` routes that load server code
 * through Vite's SSR module runner.
 * - `POST /api/hello?name=...` starts the hello workflow and answers `{ runId }`.
 * - `GET /api/runs/<runId>` answers `{ status, returnValue? }`.
 */
export function apiRoutes(): Plugin {
  return {
    name: "plain-vite:api-routes",
    configureServer(server) {
      const ssr = server.environments.ssr;
      const load = () => {
        if (!isRunnableDevEnvironment(ssr)) throw new Error("The ssr environment cannot run modules");
        return ssr.runner.import<typeof import("./server/routes.ts")>("/server/routes.ts");
      };
      const answer = async (method: string | undefined, url: URL): Promise<unknown> => {
        if (method === "POST" && url.pathname === "/api/hello") {
          return (await load()).startHello(url.searchParams.get("name") ?? "world");
        }
        if (method === "GET" && url.pathname.startsWith("/api/runs/")) {
          return (await load()).describeRun(url.pathname.slice("/api/runs/".length));
        }
        return undefined;
      };
      server.middlewares.use(function plainViteApi(req, res, next) {
        answer(req.method, new URL(req.url ?? "/", "http://localhost")).then((body) => {
          if (body === undefined) return next();
          res.setHeader("content-type", "application/json");
          res.end(JSON.stringify(body));
        }, next);
      });
    },
  };
}
