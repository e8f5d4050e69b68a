import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createWellKnownMiddleware } from "./create-well-known-middleware.ts";

let server: Server | undefined;

afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

/** Serves the middleware with a fallback that answers "next" for everything passed on. */
async function serve(handler: Parameters<typeof createWellKnownMiddleware>[0]): Promise<string> {
  const middleware = createWellKnownMiddleware(handler);
  server = createServer((req, res) => middleware(req, res, () => res.end("next")));
  await new Promise<void>((done) => server!.listen(0, "127.0.0.1", done));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

describe("createWellKnownMiddleware", () => {
  it("answers under /.well-known/workflow/ and passes every other request on", async () => {
    const base = await serve((req, res) => res.end(`runtime ${req.method} ${req.url}`));

    expect(await (await fetch(`${base}/.well-known/workflow/v1/flow`, { method: "POST" })).text()).toBe(
      "runtime POST /.well-known/workflow/v1/flow",
    );
    expect(await (await fetch(`${base}/api/health`)).text()).toBe("next");
    expect(await (await fetch(`${base}/.well-known/other`)).text()).toBe("next");
  });

  it("holds requests until the runtime's handler is ready", async () => {
    let ready!: (handler: Parameters<typeof createWellKnownMiddleware>[0]) => void;
    const base = await serve(new Promise((resolve) => (ready = resolve)));

    const answer = fetch(`${base}/.well-known/workflow/v1/step`).then((response) => response.text());
    ready((_req, res) => res.end("late but served"));
    expect(await answer).toBe("late but served");
  });

  it("answers 500 when the runtime failed to start, and leaves other requests alone", async () => {
    const middleware = createWellKnownMiddleware(Promise.reject(new Error("data dir is read-only")));
    server = createServer((req, res) =>
      middleware(req, res, (error?: unknown) => {
        res.statusCode = error ? 500 : 200;
        res.end(error ? (error as Error).message : "next");
      }),
    );
    await new Promise<void>((done) => server!.listen(0, "127.0.0.1", done));
    const base = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;

    const failed = await fetch(`${base}/.well-known/workflow/v1/flow`, { method: "POST" });
    expect([failed.status, await failed.text()]).toEqual([500, "data dir is read-only"]);
    expect(await (await fetch(`${base}/`)).text()).toBe("next");
  });
});
