import { beforeAll, expect, test } from "vitest";
import { loadFixture } from "../../engine/__fixtures__/harness.ts";
import { createRuntime } from "../../engine/create-runtime.ts";
import { createMemoryWorld } from "../../world/memory/create-memory-world.ts";
import { createDevtoolsApi } from "../create-devtools-api.ts";

const RELEASE = Symbol.for("vite-workflow.test.releaseStepLogs");
let fixture: Awaited<ReturnType<typeof loadFixture>>;
beforeAll(async () => {
  fixture = await loadFixture("step-logs.ts");
});

const isAfter = (event: { event: string; data: string }) => event.event === "line" && event.data.includes("after release");

/** Reads Server-Sent Events until `until` holds. */
async function readSse(body: ReadableStream<Uint8Array>, until: (events: { event: string; data: string }[]) => boolean) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: string }[] = [];
  let buffer = "";
  while (!until(events)) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    for (let end = buffer.indexOf("\n\n"); end !== -1; end = buffer.indexOf("\n\n")) {
      const fields = Object.fromEntries(buffer.slice(0, end).split("\n").filter((line) => line && !line.startsWith(":")).map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()]));
      buffer = buffer.slice(end + 2);
      if (fields.data !== undefined) events.push({ event: fields.event ?? "message", data: fields.data });
    }
  }
  return { events, stop: () => reader.cancel() };
}

test("GET /runs/:id/steps/:stepId/logs follows what a running step prints; finished lines are in the run's log", async () => {
  let release!: () => void;
  (globalThis as unknown as Record<symbol, Promise<void>>)[RELEASE] = new Promise<void>((resolve) => (release = resolve));
  const world = createMemoryWorld();
  const runtime = createRuntime({ world, workflowBundle: () => fixture.bundle });
  const api = createDevtoolsApi({ world });
  try {
    const { runId } = await runtime.start("workflow//runtime/engine/__fixtures__/step-logs.ts//logsLive", []);
    // Wait for a state: the step has started (its `step_started` is stored before its body runs).
    let stepId: string | undefined;
    while (!stepId) {
      stepId = (await world.readEvents(runId))?.find((event) => event.type === "step_started")?.correlationId;
      if (!stepId) await new Promise((resolve) => setImmediate(resolve));
    }
    const response = await api.fetch(new Request(`http://localhost/__workflow/api/runs/${runId}/steps/${stepId}/logs`));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    // The feed follows the step from the response on: what it prints after the release arrives live.
    const ready = readSse(response.body!, (events) => events.some(isAfter));
    release();
    const { events, stop } = await ready;
    await stop();
    const line = JSON.parse(events.find(isAfter)!.data);
    expect(line).toMatchObject({ attempt: 1, level: "log", text: "after release" });

    await runtime.waitForRun(runId);
    const detail = (await (await api.fetch(new Request(`http://localhost/__workflow/api/runs/${runId}`))).json()) as { events: { type: string; logs?: { text: string }[] }[] };
    expect(detail.events.find((event) => event.type === "step_completed")?.logs?.map((stored) => stored.text)).toEqual(["before release", "after release"]);

    const bad = await api.fetch(new Request(`http://localhost/__workflow/api/runs/${runId}/steps/nope/logs`));
    expect(bad.status).toBe(400);
  } finally {
    release();
    api.close();
    await runtime.close();
    await world.close();
  }
}, 30_000);
