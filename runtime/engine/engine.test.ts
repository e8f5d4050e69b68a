import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { FatalError } from "../errors/fatal-error.ts";
import { WorkflowRunCancelledError, WorkflowRunFailedError, WorkflowRunNotFoundError } from "../errors/run-errors.ts";
import { getHookByToken, getRun, resumeHook, start } from "../api/index.ts";
import { getStepFunction, registerStepFunction } from "../registry/register-step-function.ts";
import { serialize } from "../serialization/serialize.ts";
import { createFsWorld } from "../world/fs/create-fs-world.ts";
import { createTestRuntime, loadFixture } from "./__fixtures__/harness.ts";

let fixture: Awaited<ReturnType<typeof loadFixture>>;
let env: Awaited<ReturnType<typeof createTestRuntime>>;
const wf = () => fixture.module;

beforeAll(async () => {
  fixture = await loadFixture("basic.ts");
  env = await createTestRuntime(fixture.bundle);
});
afterAll(() => env?.close());

const types = async (runId: string) => ((await env.world.readEvents(runId)) ?? []).map((event) => event.type);

describe("engine through start()", () => {
  test("sequential steps complete in order", async () => {
    const run = await start(wf().seq, [5]);
    expect(await run.returnValue).toBe(5);
    expect(await run.status).toBe("completed");
    const events = await types(run.runId);
    expect(events.filter((type) => type === "step_completed")).toHaveLength(5);
    expect(events.at(-1)).toBe("run_completed");
  });

  test("Promise.all of steps", async () => {
    const run = await start(wf().par, [20]);
    expect(await run.returnValue).toBe(210);
  });

  test("callbacks mutate workflow state consistently", async () => {
    const run = await start(wf().callbacks, [[1, 2, 3, 4, 6]]);
    expect(await run.returnValue).toEqual({ total: 5, even: 3 });
  });

  test("RetryableError retries with a stable stepId and growing attempt", async () => {
    const run = await start(wf().retrying, ["r1", 2]);
    const value = (await run.returnValue) as { attempt: number; stepId: string };
    expect(value.attempt).toBe(3);
    expect(value.stepId).toMatch(/^step_/);
    const events = await types(run.runId);
    expect(events.filter((type) => type === "step_retrying")).toHaveLength(2);
    expect(events.filter((type) => type === "step_started")).toHaveLength(3);
  });

  test("FatalError is not retried and is seen by the workflow with its own message", async () => {
    const run = await start(wf().catchesFatal);
    expect(await run.returnValue).toEqual({ isFatal: true, message: "no retry" });
    expect((await types(run.runId)).filter((type) => type === "step_started")).toHaveLength(1);
  });

  test("maxRetries bounds attempts; exhaustion fails the run with the step's error as cause", async () => {
    const run = await start(wf().exhausts);
    const error = await run.returnValue.catch((e: unknown) => e);
    expect(WorkflowRunFailedError.is(error)).toBe(true);
    expect(String((error as Error).message)).toContain("boom");
    expect((await types(run.runId)).filter((type) => type === "step_started")).toHaveLength(2);
  });

  test("a workflow error fails the run with a source-mapped stack", async () => {
    const run = await start(wf().throws, ["bad input"]);
    const error = (await run.returnValue.catch((e: unknown) => e)) as WorkflowRunFailedError;
    expect(WorkflowRunFailedError.is(error)).toBe(true);
    const cause = error.cause as Error;
    expect(cause.name).toBe("TypeError");
    expect(cause.message).toBe("bad input");
    expect(cause.stack).toContain("basic.ts");
    expect(FatalError.is(cause)).toBe(false);
  });

  test("sleep wakes at resumeAt and the clock moves to the wake-up event", async () => {
    const run = await start(wf().sleeper, [40]);
    const { slept } = (await run.returnValue) as { slept: number };
    expect(slept).toBeGreaterThanOrEqual(40);
    const events = (await env.world.readEvents(run.runId))!;
    const created = events.find((event) => event.type === "wait_created")!;
    const completed = events.find((event) => event.type === "wait_completed")!;
    expect(completed.createdAt).toBeGreaterThanOrEqual((created as { resumeAt: number }).resumeAt);
  });

  test("Promise.race of sleeps", async () => {
    const run = await start(wf().racer);
    expect(((await run.returnValue) as { winner: string }).winner).toBe("short");
  });

  test("getWorkflowMetadata inside a workflow", async () => {
    const run = await start(wf().metadata);
    expect(await run.returnValue).toEqual({ runId: run.runId, started: true });
  });

  test("idempotencyKey returns the existing run", async () => {
    const first = await start(wf().seq, [1], { idempotencyKey: "same-key" });
    const second = await start(wf().seq, [1], { idempotencyKey: "same-key" });
    expect(second.runId).toBe(first.runId);
  });

  test("cancel stops a sleeping run; returnValue rejects; cancelling again is a no-op", async () => {
    const run = await start(wf().sleeper, [60_000]);
    while (!(await types(run.runId)).includes("wait_created")) await new Promise((r) => setTimeout(r, 5));
    await run.cancel();
    const error = await run.returnValue.catch((e: unknown) => e);
    expect(WorkflowRunCancelledError.is(error)).toBe(true);
    expect(await run.status).toBe("cancelled");
    await run.cancel();
    expect((await types(run.runId)).filter((type) => type === "run_cancelled")).toHaveLength(1);
  });

  test("a step outcome another process recorded first wins; the run continues from the log", async () => {
    const stepId = "step//runtime/engine/__fixtures__/basic.ts//add";
    const add = getStepFunction(stepId)!;
    let entered!: () => void;
    let release!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    registerStepFunction(stepId, async (a: number, b: number) => {
      if (calls++ === 0) {
        entered();
        await gate;
      }
      return a + b;
    });
    const other = await createFsWorld({ dataDir: env.dataDir });
    try {
      const run = await start(wf().seq, [2]);
      await inside;
      const created = (await env.world.readEvents(run.runId))!.find((event) => event.type === "step_created")!;
      const correlationId = (created as { correlationId: string }).correlationId;
      await other.appendEvents(run.runId, [{ type: "step_completed", correlationId, result: serialize(41, "step-return-value") }]);
      release();
      expect(await run.returnValue).toBe(42);
      const events = (await env.world.readEvents(run.runId))!;
      expect(events.filter((event) => event.type === "step_completed" && event.correlationId === correlationId)).toHaveLength(1);
    } finally {
      registerStepFunction(stepId, add);
      await other.close();
    }
  });

  test("start() rejects functions without workflowId", async () => {
    await expect(start((async () => 1) as never)).rejects.toThrow("'start' received an invalid workflow function");
  });

  test("getRun of unknown ids", async () => {
    expect(() => getRun("nope")).toThrow(WorkflowRunNotFoundError);
    const error = await getRun("wrun_01JAAAAAAAAAAAAAAAAAAAAAAA").status.catch((e: unknown) => e);
    expect(WorkflowRunNotFoundError.is(error)).toBe(true);
  });

  test("createHook receives payloads from resumeHook (await, then for await), in order", async () => {
    const token = `approval-${Date.now()}`;
    const run = await start(wf().hooked, [token]);
    let hook = await getHookByToken(token).catch(() => undefined);
    while (!hook) hook = await new Promise((r) => setTimeout(r, 5)).then(() => getHookByToken(token).catch(() => undefined));
    expect(hook.runId).toBe(run.runId);
    for (const n of [1, 2, 3]) await resumeHook(token, { n });
    expect(await run.returnValue).toEqual([1, 2, 3]);
    await expect(getHookByToken(token)).rejects.toThrow(token);
    await expect(resumeHook("no-such-token", {})).rejects.toMatchObject({ code: "ERR_HOOK_NOT_FOUND" });
  });
});
