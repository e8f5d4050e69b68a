import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { toNodeHandler } from "h3/node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getHookByToken, resumeHook, resumeWebhook, start } from "../api/index.ts";
import { WorkflowRunFailedError } from "../errors/run-errors.ts";
import { createWorkflowApp } from "../http/create-workflow-app.ts";
import { createTestRuntime, loadFixture } from "./__fixtures__/harness.ts";

let fixture: Awaited<ReturnType<typeof loadFixture>>;
let env: Awaited<ReturnType<typeof createTestRuntime>>;
let server: Server;
let base: string;
const wf = () => fixture.module;

beforeAll(async () => {
  fixture = await loadFixture("hooks.ts");
  env = await createTestRuntime(fixture.bundle, { url: "http://127.0.0.1:0" });
  server = createServer(toNodeHandler(createWorkflowApp(env.runtime)));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await env?.close();
});

let tokenCount = 0;
const uniqueToken = (prefix: string) => `${prefix}:${Date.now()}:${tokenCount++}`;
const events = async (runId: string) => (await env.world.readEvents(runId)) ?? [];

/** Resolves once the hook with `token` exists (the workflow created it). */
async function hookReady(token: string) {
  for (;;) {
    const hook = await getHookByToken(token).catch(() => undefined);
    if (hook) return hook;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const hit = (token: string, init?: RequestInit) => fetch(`${base}/.well-known/workflow/v1/webhook/${encodeURIComponent(token)}`, init);

describe("createHook / resumeHook", () => {
  test("a hook loop receives 100 payloads in order", async () => {
    const token = uniqueToken("loop");
    const run = await start(wf().hookLoop, [token, 100]);
    await hookReady(token);
    for (let n = 0; n < 100; n++) await resumeHook(token, { n });
    expect(await run.returnValue).toEqual(Array.from({ length: 100 }, (_, n) => n * 2));
    const types = (await events(run.runId)).map((event) => event.type);
    expect(types.filter((type) => type === "hook_received")).toHaveLength(100);
    expect(types).toContain("hook_disposed");
  });

  test("payloads that arrive before the code awaits are buffered, in order; resumeHook returns the hook record", async () => {
    const token = uniqueToken("early");
    const gateKey = uniqueToken("gate");
    const run = await start(wf().earlyPayloads, [token, gateKey]);
    await hookReady(token);
    const record = await resumeHook(token, "a");
    expect(record).toMatchObject({ runId: run.runId, token, metadata: { purpose: "early" } });
    expect(record.hookId).toMatch(/^hook_/);
    expect(record.createdAt).toBeInstanceOf(Date);
    await resumeHook(token, "b");
    await resumeHook(token, "last");
    wf().gate(gateKey).open();
    expect(await run.returnValue).toEqual(["a", "b", "last"]);
    expect(await getHookByToken(token).catch((error: { code?: string }) => error.code)).toBe("ERR_HOOK_NOT_FOUND");
  });

  test("resumeHook with an unknown token throws a not-found error", async () => {
    await expect(resumeHook("no-such-token", 1)).rejects.toMatchObject({ code: "ERR_HOOK_NOT_FOUND", message: expect.stringContaining("no-such-token") });
  });

  test("default tokens are URL-safe, 144 random bits, and recorded in the log", async () => {
    const run = await start(wf().defaultToken);
    let created: { token: string } | undefined;
    while (!created) {
      created = (await events(run.runId)).find((event) => event.type === "hook_created") as { token: string } | undefined;
      if (!created) await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    await resumeHook(created.token, "hi");
    expect(await run.returnValue).toEqual({ token: created.token, payload: "hi" });
  });

  test("a custom token is unique among live hooks and released when its run ends", async () => {
    const token = uniqueToken("shared");
    const first = await start(wf().holdsToken, [token]);
    expect((await hookReady(token)).runId).toBe(first.runId);
    const second = await start(wf().holdsToken, [token]);
    const error = await second.returnValue.catch((e: unknown) => e);
    expect(WorkflowRunFailedError.is(error)).toBe(true);
    expect(((error as Error).cause as { code?: string }).code).toBe("ERR_HOOK_TOKEN_CONFLICT");
    expect(((error as Error).cause as Error).message).toContain(token);
    await resumeHook(token, "one");
    expect(await first.returnValue).toBe("one");
    const third = await start(wf().holdsToken, [token]);
    expect((await hookReady(token)).runId).toBe(third.runId);
    await resumeHook(token, "three");
    expect(await third.returnValue).toBe("three");
  });
});

describe("defineHook", () => {
  test("resume() validates and transforms with the schema before anything is recorded", async () => {
    const token = uniqueToken("define");
    const run = await start(wf().definedHook, [token]);
    await hookReady(token);
    const invalid = await wf().nameHook.resume(token, { name: "   " }).catch((error: Error) => error);
    expect(invalid).toBeInstanceOf(Error);
    expect(JSON.parse((invalid as Error).message)).toEqual([{ message: "name must be a non-empty string", path: ["name"] }]);
    expect((await events(run.runId)).some((event) => event.type === "hook_received")).toBe(false);
    const record = await wf().nameHook.resume(token, { name: "  Ada  " });
    expect(record.runId).toBe(run.runId);
    expect(await run.returnValue).toEqual({
      name: "Ada",
      resumeError: "`defineHook().resume()` can only be called from external contexts (e.g. API routes).",
    });
  });

  test("create() outside a workflow throws the documented error", () => {
    expect(() => wf().nameHook.create()).toThrow("`defineHook().create()` can only be called inside a workflow function");
  });
});

describe("createWebhook over real HTTP", () => {
  test("default: 202 with an empty body; the workflow gets the Request and reads its body durably", async () => {
    const token = uniqueToken("wh-default");
    const run = await start(wf().webhookDefault, [token]);
    await hookReady(token);
    const response = await hit(token, { method: "PUT", body: JSON.stringify({ a: 1 }), headers: { "x-test": "t", "content-type": "application/json" } });
    expect(response.status).toBe(202);
    expect(await response.text()).toBe("");
    const value = (await run.returnValue) as { method: string; body: unknown; url: string; header: string };
    expect(value).toMatchObject({ method: "PUT", body: { a: 1 }, header: "t" });
    expect(value.url).toBe(`http://127.0.0.1:0/.well-known/workflow/v1/webhook/${encodeURIComponent(token)}`);
    const steps = (await events(run.runId)).filter((event) => event.type === "step_created") as Array<{ stepName: string }>;
    expect(steps.map((step) => step.stepName)).toEqual(["step//vite-workflow//read-body"]);
  });

  test("a static Response is sent for the request", async () => {
    const token = uniqueToken("wh-static");
    const run = await start(wf().webhookStatic, [token]);
    await hookReady(token);
    const response = await hit(token, { method: "POST", body: "payload" });
    expect(response.status).toBe(402);
    expect(await response.text()).toBe("Hello from static response!");
    expect(await run.returnValue).toBe("payload");
  });

  test('"manual": the caller receives exactly the response a step passes to request.respondWith()', async () => {
    const token = uniqueToken("wh-manual");
    const run = await start(wf().webhookManual, [token]);
    await hookReady(token);
    const response = await hit(token, { method: "POST", body: JSON.stringify({ order: 7 }) });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-step")).toBe("yes");
    expect(await response.json()).toEqual({ echo: { order: 7 } });
    expect(await run.returnValue).toEqual({ data: { order: 7 }, inWorkflow: "`respondWith()` must be called from within a step function" });
  });

  test('"manual" without a response: the documented webhook-response-not-sent error', async () => {
    const token = uniqueToken("wh-silent");
    const run = await start(wf().webhookNoResponse, [token]);
    await hookReady(token);
    const response = await hit(token, { method: "POST" });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { code: "ERR_WEBHOOK_RESPONSE_NOT_SENT", message: expect.stringContaining("Workflow run did not send a response") } });
    expect(await run.returnValue).toBe("ended without responding");
  });

  test("an invalid respondWith throws the documented error in the workflow", async () => {
    const run = await start(wf().webhookInvalid);
    expect(await run.returnValue).toEqual({ code: "ERR_WEBHOOK_INVALID_RESPOND_WITH_VALUE", message: expect.stringContaining('Invalid `respondWith` value: "automatic"') });
  });

  test("unknown tokens get 404 with an empty body, for every method", async () => {
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]) {
      const response = await hit("no-such-webhook", { method });
      expect(response.status).toBe(404);
      expect(await response.text()).toBe("");
    }
  });

  test("formData() and arrayBuffer() in the workflow; many requests through for await", async () => {
    const token = uniqueToken("wh-bodies");
    const run = await start(wf().webhookBodies, [token]);
    await hookReady(token);
    const form = new FormData();
    form.append("a", "1");
    form.append("b", new File(["file body"], "b.txt", { type: "text/plain" }));
    expect((await hit(token, { method: "POST", body: form, headers: { "x-kind": "form" } })).status).toBe(202);
    expect((await hit(token, { method: "POST", body: new Uint8Array([9, 8, 7]), headers: { "x-kind": "bytes" } })).status).toBe(202);
    expect((await hit(token, { method: "POST", body: "end", headers: { "x-kind": "text" } })).status).toBe(202);
    const results = (await run.returnValue) as Array<Record<string, unknown>>;
    expect(results[0]).toEqual({ kind: "form", a: "1", b: { name: "b.txt", size: 9, type: "text/plain" } });
    expect(results[1]).toEqual({ kind: "bytes", length: 3, first: 9 });
    expect(results[2]).toEqual({ kind: "text", text: "end" });
  });

  test("resumeWebhook() from a custom route", async () => {
    const token = uniqueToken("wh-custom");
    const run = await start(wf().webhookManual, [token]);
    await hookReady(token);
    const response = await resumeWebhook(token, new Request("http://app.test/my-route", { method: "POST", body: JSON.stringify({ via: "route" }) }));
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ echo: { via: "route" } });
    await run.returnValue;
    await expect(resumeWebhook("nope", new Request("http://app.test/"))).rejects.toMatchObject({ code: "ERR_HOOK_NOT_FOUND" });
  });
});
