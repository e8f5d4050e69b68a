import { fileURLToPath } from "node:url";
import { startServerProcess, type ServerProcess } from "./start-server-process.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A playground dev server in a child process, for specs that stop and restart it. */
export type DevServerProcess = ServerProcess;

/** Starts `vite playground` on `port` with `dataDir`, and resolves once `/api/health` answers. */
export function startDevServer(port: number, dataDir: string): Promise<DevServerProcess> {
  return startServerProcess({
    name: "dev server",
    args: ["node_modules/vite/bin/vite.js", "playground", "--port", String(port), "--strictPort"],
    cwd: ROOT,
    env: { ...process.env, WORKFLOW_EMBEDDED_DATA_DIR: dataDir },
    port,
    probePath: "/api/health",
    timeoutMs: 60_000,
    pollMs: 200,
  });
}
