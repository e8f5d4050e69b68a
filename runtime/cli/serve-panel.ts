import { createServer, type Server } from "node:http";
import type { World } from "../world/world.ts";
import { createDevtoolsMiddleware, DEVTOOLS_BASE } from "../devtools-api/create-devtools-middleware.ts";
import { CliUserError } from "./cli-io.ts";

/** Port of the standalone panel when neither `--port` nor `WORKFLOW_WEB_PORT` names one. */
export const DEFAULT_WEB_PORT = 3456;

export interface ServedPanel {
  /** Base URL of the panel, ending in `/__workflow/`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the devtools panel and its API on `world` from a plain Node server: the same panel `vite dev` shows,
 * without Vite or the app. Read-only: there is no engine here, so the panel's actions (cancel, re-run, resume)
 * answer 404 and stay with the app's dev server. Listens on localhost only, since the panel shows run data.
 */
export async function servePanel(options: { world: World; port: number }): Promise<ServedPanel> {
  const devtools = createDevtoolsMiddleware({ world: options.world });
  const server = createServer((req, res) => {
    devtools(req, res, (error) => {
      if (error) {
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end(String(error));
        return;
      }
      // Everything outside the panel leads to it: the root is what a user types.
      if ((req.url ?? "/").split("?")[0] === "/") res.writeHead(302, { location: `${DEVTOOLS_BASE}/` }).end();
      else res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found");
    });
  });
  await listen(server, options.port);
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : options.port;
  return {
    url: `http://localhost:${port}${DEVTOOLS_BASE}/`,
    close: () =>
      new Promise<void>((resolve) => {
        devtools.close();
        // Open event streams would keep `close()` waiting for ever.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        reject(new CliUserError(`Port ${port} is in use. Pass another with --port <port> or set WORKFLOW_WEB_PORT.`));
      } else if (error.code === "EACCES") {
        reject(new CliUserError(`Not allowed to listen on port ${port}. Pass a port above 1023 with --port <port>.`));
      } else reject(error);
    });
    server.listen(port, "localhost", () => resolve());
  });
}
