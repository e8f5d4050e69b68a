import { describe, expect, it, vi } from "vitest";
import { rememberHookSchema } from "../engine/hook-schemas.ts";
import { createDevtoolsRuntime } from "./create-devtools-runtime.ts";
import { createTestWorld } from "./testing/create-test-world.ts";

async function setup() {
  const world = createTestWorld();
  const enqueue = vi.spyOn(world.queue, "enqueue");
  const engine = { start: vi.fn(), cancel: vi.fn(async () => {}), resumeHook: vi.fn() };
  const runtime = createDevtoolsRuntime({ world, engine });
  const { runId } = await world.createRun({ workflowName: "workflow//w.ts//w", input: '[["x"]]', seed: "seed-1", url: "http://localhost:5173" });
  const ulid = runId.slice(5);
  await world.appendEvents(runId, [
    { type: "run_started" },
    { type: "step_created", correlationId: `step_${ulid}_0`, stepName: "step//w.ts//a", input: "[[]]" },
    { type: "step_started", correlationId: `step_${ulid}_0`, attempt: 1 },
    { type: "step_completed", correlationId: `step_${ulid}_0`, result: "[1]" },
    { type: "wait_created", correlationId: `wait_${ulid}_1`, resumeAt: 5 },
    { type: "wait_completed", correlationId: `wait_${ulid}_1` },
    { type: "step_created", correlationId: `step_${ulid}_2`, stepName: "step//w.ts//b", input: "[[]]" },
    { type: "step_started", correlationId: `step_${ulid}_2`, attempt: 1 },
    { type: "step_failed", correlationId: `step_${ulid}_2`, fatal: true, error: { name: "Error", message: "x" } },
    { type: "run_failed", error: { name: "Error", message: "x" } },
  ]);
  return { world, runtime, runId, ulid, enqueue, engine };
}

describe("createDevtoolsRuntime", () => {
  it("resumes a defineHook() hook through its schema: rejected payloads never reach the engine", async () => {
    const world = createTestWorld();
    const engine = { start: vi.fn(), cancel: vi.fn(async () => {}), resumeHook: vi.fn(async () => ({})) };
    const runtime = createDevtoolsRuntime({ world, engine });
    const schema = {
      "~standard": {
        validate: (value: unknown) =>
          typeof (value as { approved?: unknown } | null)?.approved === "boolean"
            ? { value: { approved: (value as { approved: boolean }).approved, checked: true } }
            : { issues: [{ message: "approved must be a boolean", path: [{ key: "approved" }] }] },
      },
    };
    rememberHookSchema("tok-schema", schema);
    const rejected = runtime.resumeHook!("tok-schema", {});
    await expect(rejected).rejects.toMatchObject({ code: "ERR_DEVTOOLS_BAD_REQUEST", message: expect.stringContaining("approved: approved must be a boolean") });
    expect(engine.resumeHook).not.toHaveBeenCalled();
    await runtime.resumeHook!("tok-schema", { approved: true });
    expect(engine.resumeHook).toHaveBeenCalledWith("tok-schema", { approved: true, checked: true });
    await runtime.resumeHook!("tok-plain", {});
    expect(engine.resumeHook).toHaveBeenLastCalledWith("tok-plain", {});
  });

  it("re-runs with the same input and queues the new run", async () => {
    const { world, runtime, runId, enqueue } = await setup();
    const { runId: next } = await runtime.rerun!(runId);
    expect(next).not.toBe(runId);
    const [created] = (await world.readEvents(next))!;
    expect(created).toMatchObject({ type: "run_created", workflowName: "workflow//w.ts//w", input: '[["x"]]' });
    expect(enqueue).toHaveBeenCalledWith(expect.objectContaining({ kind: "flow", runId: next }));
  });

  it("re-runs from a step: copies the recorded prefix with re-addressed ids and the same seed", async () => {
    const { world, runtime, runId, ulid, enqueue } = await setup();
    const { runId: next } = await runtime.rerunFrom!(runId, `step_${ulid}_2`);
    const events = (await world.readEvents(next))!;
    const nextUlid = next.slice(5);
    expect(events[0]).toMatchObject({ type: "run_created", seed: "seed-1" });
    expect(events.slice(1).map((e) => [e.type, "correlationId" in e ? e.correlationId : undefined])).toEqual([
      ["run_started", undefined],
      ["step_created", `step_${nextUlid}_0`],
      ["step_started", `step_${nextUlid}_0`],
      ["step_completed", `step_${nextUlid}_0`],
      ["wait_created", `wait_${nextUlid}_1`],
      ["wait_completed", `wait_${nextUlid}_1`],
    ]);
    expect(events.every((e) => e.runId === next)).toBe(true);
    expect(enqueue).toHaveBeenCalledWith(expect.objectContaining({ kind: "flow", runId: next }));
  });

  it("wakes a sleep by recording its completion and queueing the run, and routes the rest to the engine", async () => {
    const world = createTestWorld();
    const enqueue = vi.spyOn(world.queue, "enqueue");
    const engine = { start: vi.fn(async () => ({ runId: "wrun_X" })), cancel: vi.fn(async () => {}), resumeHook: vi.fn(async () => ({})) };
    const runtime = createDevtoolsRuntime({ world, engine, listWorkflows: () => ["workflow//a.ts//a"] });
    const { runId } = await world.createRun({ workflowName: "workflow//a.ts//a", input: "[[]]", seed: "s" });
    await world.appendEvents(runId, [{ type: "wait_created", correlationId: "wait_1", resumeAt: Date.now() + 60_000 }]);
    await runtime.wake!(runId, "wait_1");
    expect((await world.readEvents(runId))!.at(-1)).toMatchObject({ type: "wait_completed", correlationId: "wait_1" });
    expect(enqueue).toHaveBeenCalledWith(expect.objectContaining({ kind: "flow", runId }));
    await runtime.cancel!(runId);
    expect(engine.cancel).toHaveBeenCalledWith(runId, expect.any(String));
    await runtime.start!("workflow//a.ts//a", [1]);
    expect(engine.start).toHaveBeenCalledWith("workflow//a.ts//a", [1]);
    expect(await runtime.listWorkflows!()).toEqual(["workflow//a.ts//a"]);
  });

  it("wakes and lists streams through the engine when it offers them", async () => {
    const world = createTestWorld();
    const enqueue = vi.spyOn(world.queue, "enqueue");
    const engine = {
      start: vi.fn(),
      cancel: vi.fn(),
      resumeHook: vi.fn(),
      wake: vi.fn(async () => {}),
      listStreams: vi.fn(async () => ["strm_a"]),
    };
    const runtime = createDevtoolsRuntime({ world, engine });
    await runtime.wake!("wrun_X", "wait_1");
    expect(engine.wake).toHaveBeenCalledWith("wrun_X", "wait_1");
    expect(enqueue).not.toHaveBeenCalled();
    expect(await runtime.listStreams!("wrun_X")).toEqual(["strm_a"]);
  });
});
