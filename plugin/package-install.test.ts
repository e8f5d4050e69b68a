// Installs the packed package into an empty app the way a user does, with the README's install line, then
// builds it with `vite build` and runs the production server: a workflow completes. Once from the tarball
// (plain `npm install`: must resolve without ERESOLVE and leave one copy of vite, rolldown and nitro), once
// through a `file:` link. Needs the npm registry; set WORKFLOW_SKIP_INSTALL_TEST=1 to skip offline.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, test } from "vitest";

const run = promisify(execFile);
const PACKAGE_ROOT = fileURLToPath(new URL("..", import.meta.url));
const PACK_DIR = join(PACKAGE_ROOT, ".tmp/pack");
const LOCK = join(PACKAGE_ROOT, ".tmp/pack.lock");
const NITRO = "nitro@3.0.260903-beta";
const PORT = Number(process.env.E2E_INSTALL_PORT ?? 5665);
const apps: string[] = [];
const servers = new Set<ChildProcess>();
afterAll(() => {
  for (const server of servers) server.kill("SIGKILL");
  for (const app of apps) rmSync(app, { recursive: true, force: true });
});

/**
 * Builds and packs the package once per test run (keyed by the test runner's process): other test files
 * may pack too, so the work happens under a lock directory that only one process can create.
 */
async function packOnce(): Promise<string> {
  mkdirSync(dirname(LOCK), { recursive: true });
  const runKey = String(process.ppid);
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock left by a crashed run is stale after ten minutes.
      if (Date.now() - statSync(LOCK, { throwIfNoEntry: false })!.mtimeMs > 600_000) rmdirSync(LOCK);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    const stamp = join(PACK_DIR, "run");
    const tarball = () => readdirSync(PACK_DIR).find((name) => name.endsWith(".tgz"));
    if (existsSync(stamp) && readFileSync(stamp, "utf8") === runKey && tarball()) return join(PACK_DIR, tarball()!);
    rmSync(PACK_DIR, { recursive: true, force: true });
    mkdirSync(PACK_DIR, { recursive: true });
    // Other test files import dist/ while this one runs: rebuild only when a source is newer than it.
    if (distIsStale()) await run("npm", ["run", "build"], { cwd: PACKAGE_ROOT, timeout: 300_000 });
    await run("npm", ["pack", "--pack-destination", PACK_DIR], { cwd: PACKAGE_ROOT, timeout: 120_000 });
    writeFileSync(stamp, runKey);
    return join(PACK_DIR, tarball()!);
  } finally {
    rmdirSync(LOCK);
  }
}

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) {
      newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

function distIsStale(): boolean {
  const built = statSync(join(PACKAGE_ROOT, "dist/plugin/embed/workflow-bundler-plugin.js"), { throwIfNoEntry: false });
  if (!built || !existsSync(join(PACKAGE_ROOT, "devtools-ui/dist"))) return true;
  return ["plugin", "runtime"].some((dir) => newestSourceMtime(join(PACKAGE_ROOT, dir)) > built.mtimeMs);
}

function createApp(): string {
  const app = mkdtempSync(join(tmpdir(), "workflow-install-"));
  apps.push(app);
  const files: Record<string, string> = {
    "package.json": JSON.stringify({ name: "install-app", private: true, type: "module" }),
    "vite.config.ts": `import { nitro } from "nitro/vite";
import { defineConfig } from "vite";
import { workflow } from "vite-workflow/vite";
export default defineConfig({ plugins: [nitro({ serverDir: "./server" }), workflow()] });
`,
    "index.html": `<!doctype html><title>app</title><p>app</p>\n`,
    "workflows/greet.ts": `import { sleep } from "workflow";
export async function greet(name: string) {
  "use workflow";
  const loud = await shout(name);
  await sleep("10ms");
  return "hello " + loud;
}
async function shout(name: string) {
  "use step";
  return name.toUpperCase();
}
`,
    "server/api/greet.post.ts": `import { defineHandler } from "nitro/h3";
import { start } from "workflow/api";
import { greet } from "../../workflows/greet.ts";
export default defineHandler(async () => {
  const run = await start(greet, ["ada"]);
  return { runId: run.runId, value: await run.returnValue };
});
`,
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(app, name)), { recursive: true });
    writeFileSync(join(app, name), text);
  }
  return app;
}

async function npm(app: string, args: string[]): Promise<string> {
  const { stdout } = await run("npm", args, { cwd: app, timeout: 600_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false" } });
  return stdout;
}

/** Installed copies of a package anywhere in the app's tree. */
async function copiesOf(app: string, name: string): Promise<string[]> {
  const parseable = await npm(app, ["ls", name, "--all", "--parseable"]).catch((error: { stdout?: string }) => error.stdout ?? "");
  return [...new Set(parseable.split("\n").filter((line) => line.endsWith(`/node_modules/${name}`)))];
}

/**
 * Waits until the server answers HTTP: polled, because the server prints no banner under a test runner
 * (srvx stays quiet when `VITEST`/`NODE_ENV=test` is set).
 */
async function waitUntilServing(server: ChildProcess, port: number): Promise<void> {
  let output = "";
  server.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}):\n${output}`);
    const answered = await fetch(`http://127.0.0.1:${port}/`).then(
      () => true,
      () => false,
    );
    if (answered) return;
    if (Date.now() > deadline) throw new Error(`the server did not answer on port ${port} within 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Stops the server: SIGTERM, then SIGKILL if it has not exited within ten seconds. */
async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  const timer = setTimeout(() => server.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

async function buildAndRun(app: string, port: number): Promise<unknown> {
  await run(process.execPath, [join(app, "node_modules/vite/bin/vite.js"), "build"], { cwd: app, timeout: 300_000 });
  const server = spawn(process.execPath, [join(app, ".output/server/index.mjs")], {
    cwd: app,
    env: { ...process.env, PORT: String(port), WORKFLOW_SECRET: "install-test-secret-0123456789", WORKFLOW_EMBEDDED_DATA_DIR: join(app, ".workflow-data"), WORKFLOW_TARGET_WORLD: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  servers.add(server);
  try {
    await waitUntilServing(server, port);
    const response = await fetch(`http://127.0.0.1:${port}/api/greet`, { method: "POST" });
    return await response.json();
  } finally {
    await stop(server);
    servers.delete(server);
  }
}

describe.skipIf(process.env.WORKFLOW_SKIP_INSTALL_TEST === "1")("installing the package into a fresh app", () => {
  test("from the tarball: the README's install line resolves, one copy of each bundler, a workflow completes", async () => {
    const tarball = await packOnce();
    const app = createApp();
    await npm(app, ["install", tarball, "vite@^8", NITRO]);
    for (const name of ["vite", "rolldown", "nitro"]) expect(await copiesOf(app, name), name).toHaveLength(1);
    await expect(buildAndRun(app, PORT)).resolves.toMatchObject({ value: "hello ADA" });
  }, 900_000);

  test("through a file: link: a workflow completes", async () => {
    await packOnce();
    const app = createApp();
    await npm(app, ["install", `file:${PACKAGE_ROOT}`, "vite@^8", NITRO]);
    await expect(buildAndRun(app, PORT + 1)).resolves.toMatchObject({ value: "hello ADA" });
  }, 900_000);
});
