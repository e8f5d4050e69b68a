import { expect, test } from "@playwright/test";
import { startRun, waitForStatus } from "./support/run-api.ts";

// The benchmark route contract (bench-contract.md), exercised over HTTP.

test("GET /api/health answers ok", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ ok: true });
});

test("seq and par return their documented values", async ({ request }) => {
  const seq = await waitForStatus(request, await startRun(request, "seq", [5]), "completed");
  expect(seq.returnValue).toBe(5);
  const par = await waitForStatus(request, await startRun(request, "par", [10]), "completed");
  expect(par.returnValue).toBe(55);
});

test("sleepy sleeps, then returns 1", async ({ request }) => {
  const summary = await waitForStatus(request, await startRun(request, "sleepy", []), "completed");
  expect(summary.returnValue).toBe(1);
  expect(summary).toHaveProperty("createdAt");
  expect(summary).toHaveProperty("completedAt");
});

test("unknown workflows, runs and hooks answer 404", async ({ request }) => {
  expect((await request.post("/api/start/nope", { data: { args: [] } })).status()).toBe(404);
  expect((await request.get("/api/runs/wrun_01ARZ3NDEKTSV4RRFFQ69G5FAV")).status()).toBe(404);
  expect((await request.get("/api/hooks/no-such-token")).status()).toBe(404);
  expect((await request.post("/api/hooks/no-such-token", { data: { payload: 1 } })).status()).toBe(404);
});

test("hooked waits for its hook and returns the payload", async ({ request }) => {
  const token = `bench-${Date.now()}`;
  const runId = await startRun(request, "hooked", [token]);
  await expect.poll(async () => (await request.get(`/api/hooks/${token}`)).status()).toBe(200);
  expect(await (await request.get(`/api/hooks/${token}`)).json()).toEqual({ token, runId });

  const resumed = await request.post(`/api/hooks/${token}`, { data: { payload: { answer: 42 } } });
  expect(await resumed.json()).toEqual({ ok: true, runId });
  const summary = await waitForStatus(request, runId, "completed");
  expect(summary.returnValue).toEqual({ answer: 42 });
});

test("streamy's chunks come back as NDJSON", async ({ request }) => {
  const runId = await startRun(request, "streamy", [5]);
  const response = await request.get(`/api/runs/${runId}/stream`);
  expect(response.headers()["content-type"]).toContain("application/x-ndjson");
  const lines = (await response.text()).trim().split("\n").map((line) => JSON.parse(line));
  expect(lines).toEqual(["chunk-0", "chunk-1", "chunk-2", "chunk-3", "chunk-4"]);
  expect((await waitForStatus(request, runId, "completed")).returnValue).toBe(5);
});
