import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createDevtoolsMiddleware } from "./create-devtools-middleware.ts";
import { createTestWorld } from "./testing/create-test-world.ts";

const servers: Server[] = [];
const tempDirs: string[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A GET sent with its path exactly as written (like `curl --path-as-is`): no dot-segment or escape clean-up. */
function getRaw(base: string, path: string): Promise<{ status: number; contentType: string; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method: "GET" }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers["content-type"]), body }));
    });
    req.on("error", reject).end();
  });
}

async function serve(uiDir: string) {
  const world = createTestWorld();
  const devtools = createDevtoolsMiddleware({ world, uiDir });
  const server = createServer((req, res) => devtools(req, res, () => res.writeHead(200).end("app")));
  server.on("close", () => devtools.close());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { world, base, server };
}

describe("createDevtoolsMiddleware", () => {
  it("serves the built panel, the API and the live feed, and passes other requests on", async () => {
    const uiDir = await mkdtemp(join(tmpdir(), "wf-devtools-"));
    tempDirs.push(uiDir);
    await mkdir(join(uiDir, "assets"));
    await writeFile(join(uiDir, "index.html"), "<!doctype html><title>panel</title>");
    await writeFile(join(uiDir, "assets", "app.js"), "export {}");
    const { world, base, server } = await serve(uiDir);

    const redirect = await fetch(`${base}/__workflow`, { redirect: "manual" });
    expect(redirect.status).toBe(302);
    expect(await (await fetch(`${base}/__workflow/`)).text()).toContain("<title>panel</title>");
    const asset = await fetch(`${base}/__workflow/assets/app.js`);
    expect(asset.headers.get("content-type")).toContain("javascript");
    expect((await fetch(`${base}/__workflow/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
    expect(await (await fetch(`${base}/elsewhere`)).text()).toBe("app");
    expect(await (await fetch(`${base}/__workflow/api/runs`)).json()).toEqual({ data: [], cursor: null });

    const feed = await fetch(`${base}/__workflow/api/events`);
    const reader = feed.body!.getReader();
    let text = new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain("event: ready");
    const { runId } = await world.createRun({ workflowName: "workflow//a.ts//a", input: "[[]]", seed: "s" });
    while (!text.includes("event: changed")) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain(runId);
    await reader.cancel();
    server.closeAllConnections();
  });

  it("answers paths that leave the API or are badly percent-encoded with JSON 404/400, reading no file", async () => {
    const uiDir = await mkdtemp(join(tmpdir(), "wf-devtools-"));
    tempDirs.push(uiDir);
    const { base, server } = await serve(uiDir);
    for (const [path, status] of [
      ["/__workflow/api/streams/a/../../../../etc/passwd", 404],
      ["/__workflow/api/../../etc/passwd", 404],
      ["/__workflow/api/streams/%E0%A4%A", 400],
      ["/__workflow/api/runs/%ZZ", 400],
    ] as const) {
      const response = await getRaw(base, path);
      expect({ path, status: response.status, contentType: response.contentType }).toEqual({ path, status, contentType: expect.stringContaining("application/json") });
      expect(response.body).not.toContain("root:");
      expect(JSON.parse(response.body).error.message).not.toBe("[object Object]");
    }
    server.closeAllConnections();
  });

  it("explains how to build the panel when it is missing", async () => {
    const { base, server } = await serve(join(tmpdir(), "wf-devtools-missing-dir"));
    const response = await fetch(`${base}/__workflow/`);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("npm run build:devtools");
    server.closeAllConnections();
  });
});
