// Builds each sample in e2e/bundlers/<bundler>/ with its bundler and the package's built adapter (run
// `npm run build` first), then runs the server with node: a workflow with a sleep and a hook completes, and
// one interrupted by SIGKILL resumes after a restart.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, test } from "vitest";

const run = promisify(execFile);
const SAMPLES = fileURLToPath(new URL("../../e2e/bundlers/", import.meta.url));
const BASE_PORT = Number(process.env.E2E_BUNDLERS_PORT ?? 5660);
if (!existsSync(fileURLToPath(new URL("../../dist/plugin/embed/workflow-bundler-plugin.js", import.meta.url)))) {
  throw new Error("The bundler samples import the built package: run `npm run build` first.");
}
const dataRoot = mkdtempSync(join(tmpdir(), "workflow-bundler-samples-"));
const servers = new Set<ChildProcess>();
afterAll(() => {
  for (const server of servers) server.kill("SIGKILL");
  rmSync(dataRoot, { recursive: true, force: true });
});

interface Server {
  url: string;
  process: ChildProcess;
}

async function startServer(bundler: string, port: number, dataDir: string): Promise<Server> {
  const child = spawn(process.execPath, [join(SAMPLES, bundler, "dist/server.mjs")], {
    cwd: join(SAMPLES, bundler),
    env: { ...process.env, PORT: String(port), WORKFLOW_EMBEDDED_DATA_DIR: dataDir, WORKFLOW_TARGET_WORLD: "", WORKFLOW_SECRET: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  servers.add(child);
  child.once("exit", () => servers.delete(child));
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("listening on")) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`the ${bundler} sample exited (${code}):\n${output}`)));
  });
  return { url: `http://127.0.0.1:${port}`, process: child };
}

async function stop(server: Server, signal: NodeJS.Signals): Promise<void> {
  if (server.process.exitCode !== null || server.process.signalCode !== null) return;
  const exited = new Promise((resolve) => server.process.once("exit", resolve));
  server.process.kill(signal);
  await exited;
}

async function call(server: Server, method: string, path: string): Promise<{ status: number; body: any }> {
  const response = await fetch(server.url + path, { method });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Polls until `check` returns a value (the state is reached), failing after `timeoutMs`. */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function approveAndFinish(server: Server, orderId: string, runId: string): Promise<unknown> {
  // The hook exists once the run got past its step and sleep; until then resuming it answers 409.
  await until(`the approval hook of ${orderId}`, async () => {
    const { status, body } = await call(server, "POST", `/approve?token=approve-${orderId}&by=ada`);
    if (status === 200) return true;
    expect(body.error).toBe("ERR_HOOK_NOT_FOUND");
    return undefined;
  });
  return until(`run ${runId} to complete`, async () => {
    const { body } = await call(server, "GET", `/runs/${runId}`);
    expect(body.status).not.toBe("failed");
    return body.status === "completed" ? body.value : undefined;
  });
}

describe.each(["rollup", "webpack", "esbuild"])("the %s sample", (bundler) => {
  const port = BASE_PORT + ["rollup", "webpack", "esbuild"].indexOf(bundler) + 1;
  const dataDir = join(dataRoot, bundler);

  test("builds with the adapter and keeps the step module only the workflow imports", async () => {
    await run(process.execPath, [join(SAMPLES, bundler, "build.mjs")], { timeout: 120_000 });
    const server = readFileSync(join(SAMPLES, bundler, "dist/server.mjs"), "utf8");
    expect(server).toContain("step//steps/inventory.js//reserveStock");
    expect(server).toContain("registerEmbeddedWorkflows");
  }, 150_000);

  test("a workflow with a sleep and a hook completes", async () => {
    const server = await startServer(bundler, port, dataDir);
    try {
      const { body } = await call(server, "POST", "/orders?id=first");
      expect(body.runId).toMatch(/^wrun_/);
      await expect(approveAndFinish(server, "first", body.runId)).resolves.toEqual({
        reservation: "reserved:first",
        approvedBy: "ada",
        receipt: "charged:first:42",
      });
      const unknown = await call(server, "POST", "/.well-known/workflow/v1/webhook/no-such-token");
      expect(unknown.status).toBe(404);
    } finally {
      await stop(server, "SIGTERM");
    }
  }, 60_000);

  test("a run interrupted by SIGKILL resumes after a restart", async () => {
    const first = await startServer(bundler, port, dataDir);
    const { body } = await call(first, "POST", "/orders?id=second");
    await stop(first, "SIGKILL");
    const second = await startServer(bundler, port, dataDir);
    try {
      await expect(approveAndFinish(second, "second", body.runId)).resolves.toMatchObject({ receipt: "charged:second:42" });
    } finally {
      await stop(second, "SIGTERM");
    }
  }, 60_000);
});
