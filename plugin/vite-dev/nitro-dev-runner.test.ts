import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { threadId } from "node:worker_threads";
import { nitro } from "nitro/vite";
import { createServer, type ViteDevServer } from "vite";
import { afterEach, describe, expect, it, vi } from "vitest";
import { workflow } from "../vite.ts";

const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));

let server: ViteDevServer | undefined;
let app: string | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
  vi.unstubAllEnvs();
  if (app) await rm(app, { recursive: true, force: true });
  app = undefined;
});

/** A Nitro app with one route that says which thread served it, and the plugin, on a listening dev server. */
async function startApp(): Promise<string> {
  app = await realpath(await mkdtemp(join(tmpdir(), "nitro-runner-app-")));
  await writeFile(join(app, "package.json"), JSON.stringify({ name: "nitro-runner-app", private: true, type: "module" }));
  await mkdir(join(app, "node_modules"));
  for (const dependency of ["nitro", "vite"]) await symlink(join(PACKAGE_ROOT, "node_modules", dependency), join(app, "node_modules", dependency), "dir");
  await mkdir(join(app, "server/api"), { recursive: true });
  await writeFile(
    join(app, "server/api/thread.get.ts"),
    'import { threadId } from "node:worker_threads";\nimport { defineHandler } from "nitro/h3";\n\nexport default defineHandler(() => ({ threadId }));\n',
  );
  server = await createServer({
    root: app,
    configFile: false,
    logLevel: "silent",
    plugins: [nitro({ serverDir: "./server" }), workflow({ dataDir: join(app, ".workflow-data"), devtools: false })],
    server: { port: 0, host: "127.0.0.1", watch: null },
  });
  await server.listen();
  return `http://127.0.0.1:${(server.httpServer!.address() as AddressInfo).port}`;
}

/** Whether the route answered from the thread the dev server (and its workflow runtime) runs in: this one. */
async function servedByViteThread(url: string): Promise<boolean> {
  const response = await fetch(`${url}/api/thread`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { threadId: number }).threadId === threadId;
}

describe("where Nitro's server routes run in vite dev", () => {
  it("in Vite's own thread, beside the runtime that executes runs, when the app chose no runner", async () => {
    vi.stubEnv("NITRO_DEV_RUNNER", "");
    expect(await servedByViteThread(await startApp())).toBe(true);
  }, 60_000);

  it("in Nitro's worker thread when NITRO_DEV_RUNNER asks for it", async () => {
    vi.stubEnv("NITRO_DEV_RUNNER", "node-worker");
    expect(await servedByViteThread(await startApp())).toBe(false);
  }, 60_000);
});
