import { afterEach, describe, expect, it, vi } from "vitest";
import type { NewWorkflowEvent } from "../events/event.ts";
import { serialize } from "../serialization/serialize.ts";
import { encodeStreamChunk, encodeStreamError } from "../streams/stream-chunk-codec.ts";
import type { ChangeBatch } from "./create-change-hub.ts";
import { createDevtoolsApi, type DevtoolsApiOptions } from "./create-devtools-api.ts";
import type { DevtoolsPort } from "../engine/devtools-port.ts";
import { HookPayloadInvalidError } from "../errors/hook-payload-invalid-error.ts";
import { HookTokenConflictError } from "../errors/lookup-errors.ts";
import { createTestWorld } from "./testing/create-test-world.ts";

const ORIGIN = "http://localhost:5173";
const WF = "workflow//workflows/demo.ts//demo";
const open: Array<{ close(): void }> = [];
afterEach(() => open.splice(0).forEach((api) => api.close()));

function setup(options: Partial<DevtoolsApiOptions> = {}) {
  const world = createTestWorld();
  const api = createDevtoolsApi({ world, changeWindowMs: 5, ...options });
  open.push(api);
  const call = (path: string, init: RequestInit & { json?: unknown } = {}) => {
    const headers = new Headers(init.headers);
    headers.set("host", "localhost:5173");
    let body = init.body;
    if (init.json !== undefined) {
      headers.set("content-type", "application/json");
      body = JSON.stringify(init.json);
    }
    return api.fetch(new Request(`${ORIGIN}/__workflow/api${path}`, { ...init, headers, body }));
  };
  return { world, api, call };
}

async function seedRun(world: ReturnType<typeof createTestWorld>, input: string, events: NewWorkflowEvent[] = [], workflowName = WF) {
  const { runId } = await world.createRun({ workflowName, input, seed: "s" });
  if (events.length) await world.appendEvents(runId, events);
  return runId;
}

async function readSse(response: Response, until: (events: Array<{ event: string; data: string; id?: string }>) => boolean) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const events: Array<{ event: string; data: string; id?: string }> = [];
  while (!until(events)) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const fields = Object.fromEntries(block.split("\n").filter((l) => l && !l.startsWith(":")).map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1).trim()]));
      if (fields.data !== undefined) events.push({ event: fields.event ?? "message", data: fields.data, id: fields.id });
    }
  }
  await reader.cancel();
  return events;
}

describe("devtools API: reads", () => {
  it("lists an empty store", async () => {
    const { call } = setup();
    const response = await call("/runs");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: [], cursor: null });
  });

  it("lists runs newest first, filtered by workflow and status", async () => {
    const { world, call } = setup();
    const a = await seedRun(world, '[["a@b.c"]]', [{ type: "run_started" }, { type: "run_completed", output: "[1]" }]);
    const b = await seedRun(world, "[[2]]", [{ type: "run_started" }], "workflow//workflows/other.ts//other");
    const all = await (await call("/runs")).json();
    expect(all.data.map((r: { runId: string }) => r.runId)).toEqual([b, a]);
    const completed = await (await call("/runs?status=completed")).json();
    expect(completed.data.map((r: { runId: string }) => r.runId)).toEqual([a]);
    const other = await (await call(`/runs?workflow=${encodeURIComponent("workflow//workflows/other.ts//other")}`)).json();
    expect(other.data.map((r: { runId: string }) => r.runId)).toEqual([b]);
    expect((await call("/runs?status=weird")).status).toBe(400);
  });

  it("searches by run id and by input text, and fetches summaries by ids", async () => {
    const { world, call } = setup();
    const a = await seedRun(world, '[["alice@example.com"]]');
    const b = await seedRun(world, '[["bob@example.com"]]');
    const byInput = await (await call("/runs?search=ALICE")).json();
    expect(byInput.data.map((r: { runId: string }) => r.runId)).toEqual([a]);
    const byId = await (await call(`/runs?search=${b.slice(-6)}`)).json();
    expect(byId.data.map((r: { runId: string }) => r.runId)).toEqual([b]);
    const byIds = await (await call(`/runs?ids=${a},${b}`)).json();
    expect(byIds.data).toHaveLength(2);
    expect((await call("/runs?ids=../../etc")).status).toBe(400);
  });

  it("returns a run with its events, and events from an index", async () => {
    const { world, call } = setup();
    const runId = await seedRun(world, "[[1]]", [{ type: "run_started" }, { type: "step_created", correlationId: "step_1", stepName: "step//a.ts//s", input: "[[]]" }]);
    const detail = await (await call(`/runs/${runId}`)).json();
    expect(detail.run).toMatchObject({ runId, status: "running", eventCount: 3 });
    expect(detail.events.map((e: { type: string }) => e.type)).toEqual(["run_created", "run_started", "step_created"]);
    const tail = await (await call(`/runs/${runId}/events?from=2`)).json();
    expect(tail).toMatchObject({ next: 3, done: true });
    expect(tail.events.map((e: { type: string }) => e.type)).toEqual(["step_created"]);
  });

  it("lists a run's re-runs, newest first, and no others", async () => {
    const { world, call } = setup();
    const older = await seedRun(world, "[1]");
    const origin = await seedRun(world, "[2]");
    const rerunOf = (runId: string, fromStepCorrelationId?: string) =>
      world.createRun({ workflowName: WF, input: "[2]", seed: "s", origin: () => ({ runId, fromStepCorrelationId, reused: [] }) });
    const { runId: first } = await rerunOf(origin);
    const unrelated = await seedRun(world, "[3]");
    const { runId: second } = await rerunOf(origin, "step_x");
    await rerunOf(older);
    const { runId: ofRerun } = await rerunOf(first);
    const reruns = await (await call(`/runs/${origin}/reruns`)).json();
    expect(reruns).toEqual({ data: [expect.objectContaining({ runId: second }), expect.objectContaining({ runId: first })], complete: true });
    expect(reruns.data.map((run: { runId: string }) => run.runId)).not.toContain(unrelated);
    expect((await (await call(`/runs/${first}/reruns`)).json()).data.map((run: { runId: string }) => run.runId)).toEqual([ofRerun]);
    expect((await (await call(`/runs/${second}/reruns`)).json()).data).toEqual([]);
    expect((await call("/runs/wrun_01ARZ3NDEKTSV4RRFFQ69G5FAV/reruns")).status).toBe(404);
    // An origin never changes: asked again, the answer is the same and no run's log is read a second time.
    const readEvents = vi.spyOn(world, "readEvents");
    expect(await (await call(`/runs/${origin}/reruns`)).json()).toEqual(reruns);
    expect(readEvents).not.toHaveBeenCalled();
  });

  it("answers 404 for unknown runs and 400 for malformed ids, as JSON errors", async () => {
    const { call } = setup();
    const missing = await call("/runs/wrun_01HZZZZZZZZZZZZZZZZZZZZZZZ");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: "ERR_DEVTOOLS_NOT_FOUND", message: expect.stringContaining("wrun_01HZ") } });
    const bad = await call("/runs/..%2F..%2Fsecrets");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("ERR_DEVTOOLS_INVALID_ID");
    const route = await call("/nope");
    expect(route.status).toBe(404);
    expect((await route.json()).error.code).toBe("ERR_DEVTOOLS_NOT_FOUND");
  });
});

describe("devtools API: same-origin only", () => {
  it("rejects another Origin and cross-site fetches with 403", async () => {
    const { call } = setup();
    const evil = await call("/runs", { headers: { origin: "http://evil.test" } });
    expect(evil.status).toBe(403);
    expect((await evil.json()).error.code).toBe("ERR_DEVTOOLS_CROSS_ORIGIN");
    expect((await call("/runs", { headers: { "sec-fetch-site": "cross-site" } })).status).toBe(403);
    expect((await call("/events", { headers: { "sec-fetch-site": "same-site" } })).status).toBe(403);
    expect((await call("/runs", { method: "POST", headers: { origin: "null" }, json: { workflowId: WF } })).status).toBe(403);
    expect((await call("/runs", { headers: { origin: ORIGIN, "sec-fetch-site": "same-origin" } })).status).toBe(200);
  });
});

const fakeRuntime = (world: ReturnType<typeof createTestWorld>): DevtoolsPort & Record<string, ReturnType<typeof vi.fn>> => ({
  start: vi.fn(async (workflowId: string, args: unknown[]) => world.createRun({ workflowName: workflowId, input: JSON.stringify(args), seed: "x" })),
  cancel: vi.fn(async () => {}),
  rerun: vi.fn(async () => ({ runId: "wrun_NEW" })),
  rerunFrom: vi.fn(async () => ({ runId: "wrun_FROM" })),
  wake: vi.fn(async () => {}),
  resumeHook: vi.fn(async () => ({ runId: "wrun_X" })),
  listWorkflows: vi.fn(async () => [WF]),
  listStreams: vi.fn(async () => []),
});

describe("devtools API: actions", () => {

  it("without an engine, every action answers 404 saying the API is read-only", async () => {
    const { world, call } = setup();
    const runId = await seedRun(world, "[[]]");
    for (const path of [`/runs/${runId}/cancel`, `/runs/${runId}/rerun`, "/hooks/tok/resume"]) {
      const response = await call(path, { method: "POST", json: { payload: 1 } });
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expect((await response.json()).error).toMatchObject({ code: "ERR_DEVTOOLS_NOT_FOUND", message: expect.stringContaining("read-only") });
    }
  });

  it("answers engine errors with their own codes: invalid hook payload 400 with the schema's issues, token conflict 409", async () => {
    const world = createTestWorld();
    const runtime = fakeRuntime(world);
    const { call } = setup({ world, runtime });
    const runId = await seedRun(world, "[[]]", [{ type: "step_created", correlationId: "step_a", stepName: "step//a.ts//a", input: "[[]]" }]);
    await world.hooks.claim({ token: "approve", runId, hookId: "hook_1", kind: "hook", createdAt: 1 });
    const issues = [{ message: "approved must be a boolean", path: [{ key: "approved" }] }];
    vi.mocked(runtime.resumeHook).mockRejectedValueOnce(new HookPayloadInvalidError("approve", issues));
    const invalid = await call("/hooks/approve/resume", { method: "POST", json: { payload: {} } });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error).toEqual({ code: "ERR_HOOK_PAYLOAD_INVALID", message: expect.stringContaining("approved: approved must be a boolean"), issues });
    vi.mocked(runtime.rerunFrom).mockRejectedValueOnce(new HookTokenConflictError("approve", runId));
    const conflict = await call(`/runs/${runId}/rerun-from/step_a`, { method: "POST" });
    expect(conflict.status).toBe(409);
    expect((await conflict.json()).error.code).toBe("ERR_HOOK_TOKEN_CONFLICT");
  });

  it("starts a known workflow with JSON args and lists workflows", async () => {
    const { world, call } = setup();
    const runtime = fakeRuntime(world);
    const { call: call2 } = setup({ world, runtime });
    expect(await (await call2("/workflows")).json()).toEqual({ workflows: [WF] });
    const started = await call2("/runs", { method: "POST", json: { workflowId: WF, args: [3, "x"] } });
    expect(started.status).toBe(200);
    expect((await started.json()).runId).toMatch(/^wrun_/);
    expect(runtime.start).toHaveBeenCalledWith(WF, [3, "x"]);
    expect((await call2("/runs", { method: "POST", json: { workflowId: "workflow//nope.ts//x", args: [] } })).status).toBe(404);
    expect((await call2("/runs", { method: "POST", json: { workflowId: WF, args: 3 } })).status).toBe(400);
    void call;
  });

  it("rejects malformed JSON (400), wrong media type (415) and oversized bodies (413)", async () => {
    const world = createTestWorld();
    const { call } = setup({ world, runtime: fakeRuntime(world), bodyLimit: 64 });
    const malformed = await call("/runs", { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe("ERR_DEVTOOLS_BAD_REQUEST");
    expect((await call("/runs", { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" })).status).toBe(415);
    const big = await call("/runs", { method: "POST", json: { workflowId: WF, args: ["x".repeat(200)] } });
    expect(big.status).toBe(413);
    expect((await big.json()).error.code).toBe("ERR_DEVTOOLS_BODY_TOO_LARGE");
  });

  it("cancels, re-runs, re-runs from a step and wakes a sleep", async () => {
    const world = createTestWorld();
    const runtime = fakeRuntime(world);
    const { call } = setup({ world, runtime });
    const runId = await seedRun(world, "[[1]]", [
      { type: "run_started" },
      { type: "step_created", correlationId: "step_a", stepName: "step//a.ts//a", input: "[[]]" },
      { type: "wait_created", correlationId: "wait_b", resumeAt: Date.now() + 60_000 },
    ]);
    expect((await call(`/runs/${runId}/cancel`, { method: "POST" })).status).toBe(200);
    expect(runtime.cancel).toHaveBeenCalledWith(runId);
    expect(await (await call(`/runs/${runId}/rerun`, { method: "POST" })).json()).toEqual({ runId: "wrun_NEW" });
    expect(await (await call(`/runs/${runId}/rerun-from/step_a`, { method: "POST" })).json()).toEqual({ runId: "wrun_FROM" });
    expect(runtime.rerunFrom).toHaveBeenCalledWith(runId, "step_a");
    expect((await call(`/runs/${runId}/rerun-from/step_zzz`, { method: "POST" })).status).toBe(404);
    expect((await call(`/runs/${runId}/rerun-from/wait_b`, { method: "POST" })).status).toBe(400);
    expect((await call(`/runs/${runId}/wake/wait_b`, { method: "POST" })).status).toBe(200);
    expect(runtime.wake).toHaveBeenCalledWith(runId, "wait_b");
    await world.appendEvents(runId, [{ type: "wait_completed", correlationId: "wait_b" }, { type: "run_completed", output: "[1]" }]);
    expect((await call(`/runs/${runId}/wake/wait_b`, { method: "POST" })).status).toBe(409);
    expect((await call(`/runs/${runId}/cancel`, { method: "POST" })).status).toBe(409);
  });

  it("resumes a live hook by token and answers 404 for unknown tokens", async () => {
    const world = createTestWorld();
    const runtime = fakeRuntime(world);
    const { call } = setup({ world, runtime });
    const runId = await seedRun(world, "[[]]");
    await world.hooks.claim({ token: "order:42/x", runId, hookId: "hook_1", kind: "hook", createdAt: 1 });
    const ok = await call(`/hooks/${encodeURIComponent("order:42/x")}/resume`, { method: "POST", json: { payload: { approved: true } } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, runId });
    expect(runtime.resumeHook).toHaveBeenCalledWith("order:42/x", { approved: true });
    expect((await call("/hooks/unknown/resume", { method: "POST", json: { payload: 1 } })).status).toBe(404);
    expect((await call("/hooks/order%3A42%2Fx/resume", { method: "POST", json: { nopayload: 1 } })).status).toBe(400);
  });
});

function noticesOf(events: Array<{ event: string; data: string }>): ChangeBatch[] {
  return events.filter((e) => e.event === "changed").map((e) => JSON.parse(e.data) as ChangeBatch);
}

describe("devtools API: live feeds", () => {
  it("sends the first change at once with the run's summary, and coalesces the rest of a burst", async () => {
    const { world, call } = setup();
    const response = await call("/events");
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const pending = readSse(response, (events) => noticesOf(events).some((notice) => notice.streams.length > 0));
    await new Promise((resolve) => setTimeout(resolve, 10));
    const runId = await seedRun(world, "[[]]", [{ type: "run_started" }]);
    world.emit({ type: "stream", name: `${runId}/default` });
    const received = await pending;
    expect(received[0].event).toBe("ready");
    const notices = noticesOf(received);
    // The run's creation went out on its own; its start and the stream write share the next notice.
    expect(notices.length).toBeLessThanOrEqual(2);
    expect(notices[0].runs).toEqual([runId]);
    expect(notices[0].runSummaries).toEqual([expect.objectContaining({ runId, workflowName: WF })]);
    expect(notices.flatMap((notice) => notice.streams)).toEqual([`${runId}/default`]);
    expect(notices.flatMap((notice) => notice.hooks)).toEqual([]);
    expect(notices.at(-1)!.runSummaries.find((run) => run.runId === runId)).toMatchObject({ status: "running", eventCount: 2 });
  });

  it("tails a stream from an index, then ends when it closes", async () => {
    const { world, call } = setup();
    const name = "wrun_00000000000000000000000001/default";
    const enc = new TextEncoder();
    await world.streams.write(name, [
      encodeStreamChunk("chunk-0"),
      encodeStreamChunk({ n: 1 }),
      encodeStreamChunk(enc.encode("bytes")),
      encodeStreamChunk(new Uint8Array([0xff, 0xfe])),
    ]);
    const response = await call(`/streams/${encodeURIComponent(name)}?from=1`);
    expect(response.status).toBe(200);
    const pending = readSse(response, (events) => events.some((e) => e.event === "end"));
    await world.streams.write(name, [encodeStreamError(new Error("producer gave up")), enc.encode("untagged")]);
    await world.streams.close(name);
    const tail = await pending;
    const chunks = tail.filter((e) => e.event === "chunk").map((e) => JSON.parse(e.data));
    expect(chunks.map(({ error: _error, ...rest }) => rest)).toEqual([
      { index: 1, value: serialize({ n: 1 }, "stream-chunk") },
      { index: 2, bytes: true, text: "bytes" },
      { index: 3, bytes: true, base64: "//4=" },
      { index: 4 },
      { index: 5, text: "untagged" },
    ]);
    expect(chunks[3].error).toContain("producer gave up");
    expect(tail.at(-1)).toMatchObject({ event: "end", data: '{"count":6}' });
    const resumed = await call(`/streams/${encodeURIComponent(name)}`, { headers: { "last-event-id": "4" } });
    const again = await readSse(resumed, (seen) => seen.some((e) => e.event === "end"));
    expect(again.filter((e) => e.event === "chunk").map((e) => e.id)).toEqual(["5"]);
    expect((await call("/streams/..%2F..%2Fetc")).status).toBe(400);
  });
});
