import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getHookByToken, resumeHook, start } from "../../api/index.ts";
import { createTestRuntime, loadFixture } from "../../engine/__fixtures__/harness.ts";
import { createRuntime } from "../../engine/create-runtime.ts";
import type { WorkflowEvent } from "../../events/event.ts";
import { createTempPostgres, isPostgresAvailable } from "./testing/temp-postgres.ts";

const available = await isPostgresAvailable();
const db = createTempPostgres("engine");
let fixture: Awaited<ReturnType<typeof loadFixture>>;
const wf = () => fixture.module;

beforeAll(async () => {
  if (available) fixture = await loadFixture("basic.ts");
});

/** Every step attempt of the log ran once: no correlation id has two `step_started` for one attempt. */
function expectNoStepRanTwice(events: WorkflowEvent[]): void {
  const attempts = events.filter((e) => e.type === "step_started").map((e) => `${e.correlationId}#${e.attempt}`);
  expect(new Set(attempts).size).toBe(attempts.length);
  const completed = events.filter((e) => e.type === "step_completed").map((e) => e.correlationId);
  expect(new Set(completed).size).toBe(completed.length);
}

describe.runIf(available)("the engine on the PostgreSQL world", () => {
  let env: Awaited<ReturnType<typeof createTestRuntime>>;
  beforeAll(async () => {
    env = await createTestRuntime(fixture.bundle, { world: await db.open({ applicationName: "wf-engine-main" }) });
  });
  afterAll(() => env?.close());

  test("runs steps, Promise.all of steps, a retried step, a sleep and a hook", async () => {
    const seq = await start(wf().seq, [20]);
    const par = await start(wf().par, [10]);
    const retrying = await start(wf().retrying, ["pg-r1", 1]);
    const sleeper = await start(wf().sleeper, [200]);
    const token = `pg-hook-${Date.now()}`;
    const hooked = await start(wf().hooked, [token]);
    expect(await seq.returnValue).toBe(20);
    expect(await par.returnValue).toBe(55);
    expect(await retrying.returnValue).toMatchObject({ attempt: 2 });
    const slept = (await sleeper.returnValue) as { slept: number };
    expect(slept.slept).toBeGreaterThanOrEqual(200);
    await expect.poll(() => getHookByToken(token).then(() => true, () => false)).toBe(true);
    for (const n of [1, 2, 3]) await resumeHook(token, { n });
    expect(await hooked.returnValue).toEqual([1, 2, 3]);
    for (const run of [seq, par, retrying, sleeper, hooked]) expectNoStepRanTwice((await env.world.readEvents(run.runId))!);
  });

  test("work pauses while its connections are terminated and resumes without losing or repeating a step", async () => {
    const seq = await start(wf().seq, [150]);
    const sleeper = await start(wf().sleeper, [150]);
    let terminated = 0;
    for (let i = 0; i < 3; i++) {
      const { rows } = await db.sql("select pg_terminate_backend(pid) as done from pg_stat_activity where application_name = 'wf-engine-main'");
      terminated += rows.filter((row) => row.done).length;
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    expect(terminated).toBeGreaterThan(0);
    expect((await env.world.getRun(seq.runId))?.status).toBe("running");
    expect(await seq.returnValue).toBe(150);
    expect(await sleeper.returnValue).toMatchObject({ slept: expect.any(Number) });
    const events = (await env.world.readEvents(seq.runId))!;
    expect(events.filter((e) => e.type === "step_completed")).toHaveLength(150);
    expectNoStepRanTwice(events);
  });
});

describe.runIf(available)("two instances on one database", () => {
  test("a run whose instance stopped mid-sleep is taken over and finished by the other", async () => {
    const a = await createTestRuntime(fixture.bundle, { world: await db.open() });
    const worldB = await db.open();
    const b = createRuntime({ world: worldB, workflowBundle: () => fixture.bundle });
    try {
      const run = await start(wf().sleeper, [1_000]);
      await expect.poll(async () => (await worldB.readEvents(run.runId))?.some((e) => e.type === "wait_created")).toBe(true);
      await a.close();
      await expect.poll(async () => (await worldB.getRun(run.runId))?.status, { timeout: 10_000, interval: 50 }).toBe("completed");
      expectNoStepRanTwice((await worldB.readEvents(run.runId))!);
      expect(await worldB.owners.listOrphaned()).not.toContain(run.runId);
    } finally {
      await b.close();
    }
  });
});
