import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { createTestRuntime, loadFixture } from "../engine/__fixtures__/harness.ts";
import { WorkflowRunNotFoundError } from "../errors/run-errors.ts";
import { createFsWorld } from "../world/fs/create-fs-world.ts";
import type { World } from "../world/world.ts";
import { getRun, start } from "./index.ts";

/** The world's reads, as the runtime made them. */
interface Reads {
  getRun: string[];
  readEvents: Array<{ runId: string; from: number }>;
}

let fixture: Awaited<ReturnType<typeof loadFixture>>;
let env: Awaited<ReturnType<typeof createTestRuntime>>;
const dataDir = mkdtempSync(join(tmpdir(), "wf-outcome-"));
const reads: Reads = { getRun: [], readEvents: [] };
const wf = () => fixture.module;

beforeAll(async () => {
  fixture = await loadFixture("basic.ts");
  const world = await createFsWorld({ dataDir });
  const counted: World = {
    ...world,
    getRun: (runId) => (reads.getRun.push(runId), world.getRun(runId)),
    readEvents: (runId, from = 0) => (reads.readEvents.push({ runId, from }), world.readEvents(runId, from)),
  };
  env = await createTestRuntime(fixture.bundle, { world: counted });
});
afterAll(async () => {
  await env?.close();
  rmSync(dataDir, { recursive: true, force: true });
});
afterEach(() => {
  reads.getRun.length = 0;
  reads.readEvents.length = 0;
});

const readsOf = (runId: string) => ({
  getRun: reads.getRun.filter((id) => id === runId).length,
  readEvents: reads.readEvents.filter((read) => read.runId === runId).map((read) => read.from),
});

describe("readOutcome", () => {
  test("of a finished run reads the summary and the last event only, however long the log", async () => {
    const run = await start(wf().seq, [40]);
    expect(await run.returnValue).toBe(40);
    const { eventCount } = (await env.world.getRun(run.runId))!;
    reads.readEvents.length = 0;
    reads.getRun.length = 0;

    const outcome = await env.runtime.readOutcome(run.runId);
    expect(outcome).toMatchObject({ type: "run_completed", runId: run.runId });
    expect(readsOf(run.runId)).toEqual({ getRun: 1, readEvents: [eventCount - 1] });
  });

  test("of a failed run is its run_failed, with the error", async () => {
    const run = await start(wf().throws, ["bad input"]);
    await run.returnValue.catch(() => undefined);
    const outcome = await env.runtime.readOutcome(run.runId);
    expect(outcome).toMatchObject({ type: "run_failed", error: { message: "bad input" } });
  });

  test("of a cancelled run is its run_cancelled", async () => {
    const run = await start(wf().sleeper, [60_000]);
    while (!((await env.world.readEvents(run.runId)) ?? []).some((event) => event.type === "wait_created")) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    await run.cancel();
    expect(await env.runtime.readOutcome(run.runId)).toMatchObject({ type: "run_cancelled" });
  });

  test("of a run still going is undefined and reads no events", async () => {
    const run = await start(wf().sleeper, [60_000]);
    while ((await run.status) !== "running") await new Promise((resolve) => setImmediate(resolve));
    reads.readEvents.length = 0;
    expect(await env.runtime.readOutcome(run.runId)).toBeUndefined();
    expect(readsOf(run.runId).readEvents).toEqual([]);
    await run.cancel();
  });

  test("of an unknown run throws WorkflowRunNotFoundError", async () => {
    const error = await env.runtime.readOutcome("wrun_01JD8Z3K4M5N6P7Q8R9S0T1V2W").catch((e: unknown) => e);
    expect(WorkflowRunNotFoundError.is(error)).toBe(true);
  });
});

describe("Run fields", () => {
  test("awaited together share one summary read; asked again later, they read again", async () => {
    const run = await start(wf().seq, [2]);
    await run.returnValue;
    reads.getRun.length = 0;
    const handle = getRun(run.runId);
    const [status, createdAt, startedAt, completedAt] = await Promise.all([handle.status, handle.createdAt, handle.startedAt, handle.completedAt]);
    expect(status).toBe("completed");
    expect(createdAt.getTime()).toBeLessThanOrEqual(startedAt!.getTime());
    expect(startedAt!.getTime()).toBeLessThanOrEqual(completedAt!.getTime());
    expect(readsOf(run.runId).getRun).toBe(1);

    expect(await handle.status).toBe("completed");
    expect(readsOf(run.runId).getRun).toBe(2);
  });

  test("of an unknown run reject each with WorkflowRunNotFoundError", async () => {
    const handle = getRun("wrun_01JD8Z3K4M5N6P7Q8R9S0T1V2W");
    const errors = await Promise.all([handle.status, handle.workflowName].map((field) => field.catch((e: unknown) => e)));
    expect(errors.every((error) => WorkflowRunNotFoundError.is(error))).toBe(true);
  });
});
