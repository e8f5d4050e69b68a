import { describe, expect, it, vi } from "vitest";
import { createTestWorld } from "../devtools-api/testing/create-test-world.ts";
import type { Runtime } from "./create-runtime.ts";
import { createDevtoolsPort } from "./devtools-port.ts";
import { rememberHookSchema } from "./hook-schemas.ts";

/** A runtime whose engine methods are spies, over a real (memory) world. */
function fakeRuntime(world = createTestWorld()) {
  return {
    world,
    url: "http://localhost:5173",
    start: vi.fn(async () => ({ runId: "wrun_X", created: true })),
    cancel: vi.fn(async () => {}),
    wake: vi.fn(async () => {}),
    resumeHook: vi.fn(async (token: string) => ({ runId: "wrun_H", hookId: "hook_1", token, kind: "hook" as const, createdAt: new Date(0), metadata: undefined })),
    listStreams: vi.fn(async () => ["strm_a"]),
  };
}

async function setup() {
  const runtime = fakeRuntime();
  const { world } = runtime;
  const port = createDevtoolsPort(runtime as unknown as Runtime);
  const { runId } = await world.createRun({ workflowName: "workflow//w.ts//w", input: '[["x"]]', seed: "seed-1", url: "http://localhost:5173" });
  const ulid = runId.slice(5);
  await world.appendEvents(runId, [
    { type: "run_started" },
    { type: "step_created", correlationId: `step_${ulid}_0`, stepName: "step//w.ts//a", input: "[[]]" },
    { type: "step_started", correlationId: `step_${ulid}_0`, attempt: 1 },
    { type: "step_completed", correlationId: `step_${ulid}_0`, result: "[1]" },
    { type: "hook_created", correlationId: `hook_${ulid}_1`, token: "tok-copied", kind: "hook" },
    { type: "wait_created", correlationId: `wait_${ulid}_2`, resumeAt: 5 },
    { type: "wait_completed", correlationId: `wait_${ulid}_2` },
    { type: "step_created", correlationId: `step_${ulid}_3`, stepName: "step//w.ts//b", input: "[[]]" },
    { type: "step_started", correlationId: `step_${ulid}_3`, attempt: 1 },
    { type: "step_failed", correlationId: `step_${ulid}_3`, fatal: true, error: { name: "Error", message: "x" } },
    { type: "run_failed", error: { name: "Error", message: "x" } },
  ]);
  return { world, port, runtime, runId, ulid };
}

describe("createDevtoolsPort", () => {
  it("resumes a defineHook() hook through its schema: a rejected payload never reaches the engine", async () => {
    const runtime = fakeRuntime();
    const port = createDevtoolsPort(runtime as unknown as Runtime);
    const schema = {
      "~standard": {
        validate: (value: unknown) =>
          typeof (value as { approved?: unknown } | null)?.approved === "boolean"
            ? { value: { approved: (value as { approved: boolean }).approved, checked: true } }
            : { issues: [{ message: "approved must be a boolean", path: [{ key: "approved" }] }] },
      },
    };
    rememberHookSchema("tok-schema", schema);
    await expect(port.resumeHook("tok-schema", {})).rejects.toMatchObject({
      code: "ERR_HOOK_PAYLOAD_INVALID",
      issues: [{ message: "approved must be a boolean", path: [{ key: "approved" }] }],
      message: expect.stringContaining("approved: approved must be a boolean"),
    });
    expect(runtime.resumeHook).not.toHaveBeenCalled();
    expect(await port.resumeHook("tok-schema", { approved: true })).toEqual({ runId: "wrun_H" });
    expect(runtime.resumeHook).toHaveBeenCalledWith("tok-schema", { approved: true, checked: true });
  });

  it("re-runs with one write: same input, a new seed, the origin on run_created, the flow message with it", async () => {
    const { world, port, runId } = await setup();
    const { runId: next } = await port.rerun(runId);
    const delivered = new Promise((resolve) => world.queue.consume(async (message) => void (message.runId === next && resolve(message))));
    const events = (await world.readEvents(next))!;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "run_created", workflowName: "workflow//w.ts//w", input: '[["x"]]', url: "http://localhost:5173", origin: { runId, reused: [] } });
    expect(events[0]).not.toMatchObject({ seed: "seed-1" });
    expect(await delivered).toMatchObject({ kind: "flow", runId: next });
  });

  it("re-runs from a step: the prefix re-addressed in the same write, its hooks claimed, reused calls named", async () => {
    const { world, port, runId, ulid } = await setup();
    const { runId: next } = await port.rerunFrom(runId, `step_${ulid}_3`);
    const events = (await world.readEvents(next))!;
    const n = next.slice(5);
    expect(events[0]).toMatchObject({
      type: "run_created",
      seed: "seed-1",
      origin: { runId, fromStepCorrelationId: `step_${ulid}_3`, reused: [`step_${n}_0`, `wait_${n}_2`] },
    });
    expect(events.slice(1).map((e) => [e.type, "correlationId" in e ? e.correlationId : undefined])).toEqual([
      ["run_started", undefined],
      ["step_created", `step_${n}_0`],
      ["step_started", `step_${n}_0`],
      ["step_completed", `step_${n}_0`],
      ["hook_created", `hook_${n}_1`],
      ["wait_created", `wait_${n}_2`],
      ["wait_completed", `wait_${n}_2`],
    ]);
    expect(new Set(events.map((e) => e.createdAt)).size).toBe(1);
    expect(await world.hooks.get("tok-copied")).toMatchObject({ runId: next, hookId: `hook_${n}_1` });
  });

  it("re-running from a step whose hook token a live run owns writes nothing and answers ERR_HOOK_TOKEN_CONFLICT", async () => {
    const { world, port, runId, ulid } = await setup();
    const { runId: owner } = await world.createRun({ workflowName: "workflow//w.ts//w", input: "[]", seed: "s" });
    expect(await world.hooks.claim({ token: "tok-copied", runId: owner, hookId: "hook_x", kind: "hook", createdAt: 1 })).toBe(true);
    const before = (await world.listRuns()).data.length;
    await expect(port.rerunFrom(runId, `step_${ulid}_3`)).rejects.toMatchObject({ code: "ERR_HOOK_TOKEN_CONFLICT" });
    expect((await world.listRuns()).data).toHaveLength(before);
    await expect(port.rerunFrom(runId, "step_unknown_9")).rejects.toMatchObject({ code: "ERR_STEP_NOT_FOUND" });
    await expect(port.rerun("wrun_01JBBBBBBBBBBBBBBBBBBBBBBB")).rejects.toMatchObject({ code: "ERR_RUN_NOT_FOUND" });
  });

  it("cancels, wakes, starts and lists streams through the engine", async () => {
    const runtime = fakeRuntime();
    const port = createDevtoolsPort(runtime as unknown as Runtime, { listWorkflows: () => ["workflow//a.ts//a"] });
    await port.cancel("wrun_A");
    expect(runtime.cancel).toHaveBeenCalledWith("wrun_A", expect.any(String));
    await port.wake("wrun_A", "wait_1");
    expect(runtime.wake).toHaveBeenCalledWith("wrun_A", "wait_1");
    expect(await port.start("workflow//a.ts//a", [1])).toEqual({ runId: "wrun_X" });
    expect(runtime.start).toHaveBeenCalledWith("workflow//a.ts//a", [1]);
    expect(await port.listStreams("wrun_A")).toEqual(["strm_a"]);
    expect(await port.listWorkflows()).toEqual(["workflow//a.ts//a"]);
  });
});
