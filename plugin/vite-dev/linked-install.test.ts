import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createServer, DevEnvironment, searchForWorkspaceRoot, type Plugin, type ViteDevServer } from "vite";
import { afterEach, describe, expect, it } from "vitest";
import type { NitroDevModule } from "./create-nitro-dev-module.ts";

const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");

const NITRO_LIKE = "nitro_like";

let server: ViteDevServer | undefined;
let app: string | undefined;
const savedEnv = { ...process.env };

afterEach(async () => {
  await server?.close();
  server = undefined;
  if (app) await rm(app, { recursive: true, force: true });
  app = undefined;
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
});

/**
 * An app outside this repository with the package installed as `file:` (npm, pnpm, workspaces) installs
 * it: `node_modules/vite-workflow` is a symlink, so the package's real path is outside the app's root.
 */
async function createLinkedApp(): Promise<string> {
  app = await realpath(await mkdtemp(join(tmpdir(), "linked-app-")));
  await writeFile(join(app, "package.json"), JSON.stringify({ name: "linked-app", private: true, type: "module" }));
  await mkdir(join(app, "node_modules"));
  await symlink(PACKAGE_ROOT, join(app, "node_modules/vite-workflow"), "dir");
  await symlink(join(PACKAGE_ROOT, "node_modules/vite"), join(app, "node_modules/vite"), "dir");
  return app;
}

/** Starts Vite's dev server (without listening) in `root` with the package's plugin, loaded through the link. */
async function startLinkedServer(root: string, fsAllow?: string[]): Promise<ViteDevServer> {
  const { workflow } = (await import(join(root, "node_modules/vite-workflow/plugin/vite.ts"))) as typeof import("../vite.ts");
  server = await createServer({
    root,
    configFile: false,
    logLevel: "silent",
    plugins: [workflow({ dataDir: join(root, ".workflow-data"), compat: false, devtools: false })],
    server: { watch: null, fs: fsAllow ? { allow: fsAllow } : undefined },
    // Like Nitro's worker environment: a transport of its own, so Vite applies server.fs to what it loads
    // (the built-in `ssr` environment skips that check).
    environments: { [NITRO_LIKE]: { consumer: "server", dev: { createEnvironment: (name, config) => new DevEnvironment(name, config, { hot: false }) } } },
  });
  return server;
}

/** The runtime plugin the package asks Nitro to load in its worker, as the Nitro module registers it. */
function recordingRuntimeOf(dev: ViteDevServer): string {
  const plugin = dev.config.plugins.find((candidate) => candidate.name === "workflow:dev-server") as Plugin & { nitro: NitroDevModule };
  const plugins: string[] = [];
  plugin.nitro.setup({ options: { dev: true, plugins, devHandlers: [] } });
  return plugins[0]!;
}

describe("a linked install (file: dependency, npm link, pnpm)", () => {
  it("lets Vite load the recording runtime that Nitro's worker imports", async () => {
    const dev = await startLinkedServer(await createLinkedApp());
    const runtimePlugin = recordingRuntimeOf(dev);
    expect(runtimePlugin.startsWith(`${PACKAGE_ROOT}/`)).toBe(true);

    const result = await dev.environments[NITRO_LIKE]!.transformRequest(runtimePlugin);
    expect(result?.code).toContain("installRecordingRuntime");
  });

  it("adds the package to server.fs.allow and keeps Vite's default, the workspace root", async () => {
    const root = await createLinkedApp();
    const dev = await startLinkedServer(root);
    expect(dev.config.server.fs.allow).toEqual(expect.arrayContaining([searchForWorkspaceRoot(root), PACKAGE_ROOT]));
  });

  it("keeps the directories the app allows and does not add the workspace root to them", async () => {
    const root = await createLinkedApp();
    const shared = join(root, "shared");
    const dev = await startLinkedServer(root, [shared]);
    expect(dev.config.server.fs.allow).toEqual(expect.arrayContaining([shared, PACKAGE_ROOT]));
    expect(dev.config.server.fs.allow).not.toContain(root);
  });
});
