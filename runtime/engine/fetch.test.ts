import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { start } from "../api/index.ts";
import { createTestRuntime, loadFixture } from "./__fixtures__/harness.ts";

let fixture: Awaited<ReturnType<typeof loadFixture>>;
let env: Awaited<ReturnType<typeof createTestRuntime>>;
let server: Server;
let base: string;
let hits = 0;
const wf = () => fixture.module;

beforeAll(async () => {
  fixture = await loadFixture("fetching.ts");
  env = await createTestRuntime(fixture.bundle);
  server = createServer((request, response) => {
    hits++;
    if (request.url === "/old") {
      response.writeHead(302, { location: "/data" }).end();
    } else if (request.url === "/data") {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ hello: "world" }));
    } else {
      let body = "";
      request.on("data", (chunk) => (body += String(chunk)));
      request.on("end", () => response.writeHead(418).end(`${request.method} ${request.headers["x-from"]} ${body}`));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await env?.close();
});

describe("fetch from workflow", () => {
  test("is one durable step; redirects are followed and the Response crosses into the workflow", async () => {
    const before = hits;
    const run = await start(wf().fetchJson, [`${base}/old`]);
    expect(await run.returnValue).toEqual({ status: 200, ok: true, redirected: true, url: `${base}/data`, json: { hello: "world" } });
    expect(hits - before).toBe(2);
    const steps = ((await env.world.readEvents(run.runId)) ?? []).filter((event) => event.type === "step_created") as Array<{ stepName: string }>;
    expect(steps.map((step) => step.stepName)).toEqual(["step//vite-workflow//fetch", "step//vite-workflow//read-body"]);
  });

  test("a Request argument and an HTTP error status (a response, not an error)", async () => {
    const run = await start(wf().fetchStatus, [`${base}/teapot`]);
    expect(await run.returnValue).toEqual({ status: 418, ok: false, text: "POST workflow ping" });
  });

  test("Response in workflows validates like the web platform", async () => {
    const run = await start(wf().responses);
    const value = (await run.returnValue) as { errors: string[] };
    expect(value).toMatchObject({ status: 201, type: "application/json", body: { a: 1 }, location: "https://example.com/next" });
    expect(value.errors).toHaveLength(3);
    expect(value.errors[0]).toMatch(/^RangeError/);
    expect(value.errors[1]).toMatch(/^RangeError: Invalid redirect status code: 200/);
    expect(value.errors[2]).toMatch(/^TypeError/);
  });
});
