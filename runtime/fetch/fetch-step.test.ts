import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getStepFunction } from "../registry/register-step-function.ts";
import { deserialize, serialize } from "../serialization/serialize.ts";
import { installSandboxWebGlobals } from "../web/install-sandbox-web-globals.ts";
import { FETCH_STEP_ID } from "./fetch-step-id.ts";
import { fetchStep, registerFetchStep } from "./fetch-step.ts";

let server: Server;
let base: string;
const seen: Array<{ method?: string; body: string; type?: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      seen.push({ method: req.method, body, type: req.headers["content-type"] });
      if (req.url === "/json") {
        res.writeHead(200, "Fine", { "content-type": "application/json", "x-trace": "t1" });
        res.end(JSON.stringify({ hello: "world", n: 1 }));
      } else if (req.url === "/redirect") {
        res.writeHead(302, { location: "/json" });
        res.end();
      } else if (req.url === "/empty") {
        res.writeHead(204);
        res.end();
      } else if (req.url === "/missing") {
        res.writeHead(404, "Nope");
        res.end("not here");
      } else {
        res.writeHead(200, { "content-type": "text/plain" });
        res.end(`echo:${body}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function sandbox() {
  const context = vm.createContext({ Headers, URL, TextEncoder, URLSearchParams });
  const global = vm.runInContext("globalThis", context) as typeof globalThis & Record<string, unknown>;
  installSandboxWebGlobals(global);
  return { global, run: (code: string) => vm.runInContext(code, context) as any };
}

describe("the fetch step", () => {
  it("is registered under its builtin id", () => {
    registerFetchStep();
    registerFetchStep();
    expect(getStepFunction(FETCH_STEP_ID)).toBe(fetchStep);
    expect(FETCH_STEP_ID).toBe("step//vite-workflow//fetch");
  });

  it("returns a buffered Response that serializes synchronously and reads as JSON in the workflow", async () => {
    const response = await fetchStep(`${base}/json`);
    expect([response.status, response.statusText, response.url, response.redirected]).toEqual([200, "Fine", `${base}/json`, false]);
    const text = serialize(response, "step-return-value");
    const { global, run } = sandbox();
    global.response = deserialize(text, "step-return-value", { global });
    expect(run(`response instanceof Response && response.ok && response.headers.get("x-trace")`)).toBe("t1");
    expect(await run(`response.json().then((data) => data.hello + data.n)`)).toBe("world1");
    // The step's own result stays readable too.
    expect(await response.json()).toEqual({ hello: "world", n: 1 });
  });

  it("follows redirects and reports them", async () => {
    const response = await fetchStep(`${base}/redirect`);
    const revived = deserialize(serialize(response, "step-return-value"), "step-return-value") as Response;
    expect([revived.status, revived.redirected, revived.url]).toEqual([200, true, `${base}/json`]);
  });

  it("keeps error statuses and empty bodies as responses", async () => {
    const missing = deserialize(serialize(await fetchStep(`${base}/missing`), "step-return-value"), "step-return-value") as Response;
    expect([missing.status, missing.statusText, missing.ok, await missing.text()]).toEqual([404, "Nope", false, "not here"]);
    const empty = deserialize(serialize(await fetchStep(`${base}/empty`), "step-return-value"), "step-return-value") as Response;
    expect([empty.status, empty.body]).toEqual([204, null]);
  });

  it("sends the request the workflow built (arguments cross the boundary first)", async () => {
    const { run } = sandbox();
    const args = run(`[new Request("${base}/echo", { method: "POST", body: "payload", headers: { "x-a": "1" } })]`);
    const [request] = deserialize(serialize(args, "step-arguments"), "step-arguments") as [Request];
    const response = await fetchStep(request);
    expect(await response.text()).toBe("echo:payload");
    const init = deserialize(serialize([`${base}/echo`, { method: "PUT", body: "x=1", headers: { "content-type": "text/csv" } }], "step-arguments"), "step-arguments") as [string, RequestInit];
    await fetchStep(...init);
    expect(seen.at(-1)).toEqual({ method: "PUT", body: "x=1", type: "text/csv" });
  });

  it("fails the attempt on a network error, so the step is retried", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(fetchStep(`http://127.0.0.1:${port}/`)).rejects.toThrow(TypeError);
  });
});
