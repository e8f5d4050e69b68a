import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { buildPlayground } from "../bench/http/build-playground.ts";
import { createWorld } from "../runtime/world/create-world.ts";
import type { World } from "../runtime/world/world.ts";
import { startPostgresInstance, type PostgresInstance } from "./support/postgres-instance.ts";
import { dropSchema, newSchemaName, taggedUrl } from "./support/postgres-schema.ts";
import { findRepeatedSteps, TEST_SECRET } from "./support/production-server.ts";

// Three built playground servers on one PostgreSQL schema: one is SIGKILLed while its runs are in flight,
// and the other two finish them. No dev server and no browser involved.
test.describe.configure({ mode: "serial" });

const BASE_PORT = Number(process.env.E2E_POSTGRES_INSTANCE_PORT ?? 4391);
/** The longest a dead instance's run may wait for another instance to take it over (brief: RUN_TAKEOVER_MS = 5 s plus slack). */
const TAKEOVER_LIMIT_MS = 10_000;
const SEQ_STEPS = 600;

const schema = newSchemaName("takeover");
let buildDir: string | undefined;
let instances: PostgresInstance[] = [];
let world: World | undefined;

/** Records a measured figure in the test report. */
const report = (type: string, ms: number) => test.info().annotations.push({ type, description: `${Math.round(ms)} ms` });

test.beforeAll(async () => {
  test.setTimeout(150_000);
  buildDir = await mkdtemp(join(tmpdir(), "vite-workflow-takeover-"));
  const { outputDir } = await buildPlayground(buildDir);
  // The first instance creates the schema, so the other two do not race its migration at startup.
  const start = (index: number) =>
    startPostgresInstance({ outputDir, port: BASE_PORT + index, url: taggedUrl(schema), schema, secret: TEST_SECRET });
  instances = [await start(0)];
  instances.push(...(await Promise.all([start(1), start(2)])));
  world = await createWorld({ target: "postgres", url: taggedUrl(schema), schema, pool: 2 });
});

test.afterAll(async () => {
  await Promise.all(instances.map((instance) => instance.signal("SIGKILL")));
  await world?.close();
  await dropSchema(schema);
  if (buildDir) await rm(buildDir, { recursive: true, force: true });
});

async function startRun(instance: PostgresInstance, name: string, args: unknown[]): Promise<string> {
  const response = await fetch(`${instance.url}/api/start/${name}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ args }) });
  expect(response.status, await response.clone().text()).toBe(200);
  return ((await response.json()) as { runId: string }).runId;
}

interface StartedRun {
  runId: string;
  instance: number;
  expected: unknown;
}

test("a SIGKILLed instance's in-flight runs are finished by the others, each step completed once", async () => {
  test.setTimeout(90_000);
  const runs: StartedRun[] = [];
  const victim = 1;
  // The victim's runs are started last, so they are surely in flight when it is killed.
  for (const index of [0, 2, victim]) {
    const instance = instances[index];
    const started = await Promise.all([
      ...Array.from({ length: 3 }, () => startRun(instance, "seq", [SEQ_STEPS]).then((runId) => ({ runId, instance: index, expected: SEQ_STEPS }))),
      ...Array.from({ length: 2 }, () => startRun(instance, "sleepy", []).then((runId) => ({ runId, instance: index, expected: 1 }))),
    ]);
    runs.push(...started);
  }
  const victimRuns = runs.filter((run) => run.instance === victim);

  // In flight: every run of the victim has started and has a step behind it or a sleep ahead of it
  // (`run_created`, `run_started`, then `step_*` or `wait_created`).
  await expect
    .poll(
      async () => {
        const summaries = await Promise.all(victimRuns.map((run) => world!.getRun(run.runId)));
        return summaries.every((summary) => summary !== undefined && summary.status !== "pending" && summary.eventCount >= 3);
      },
      { intervals: [20] },
    )
    .toBe(true);
  await instances[victim].signal("SIGKILL");
  // Taken once the process is gone: every event stored after this instant was written by another instance.
  const killedAt = Date.now();
  const unfinished = (await Promise.all(victimRuns.map((run) => world!.getRun(run.runId)))).filter((summary) => summary?.status !== "completed");
  expect(unfinished.length, "the victim's runs were still in flight when it was killed").toBeGreaterThan(0);

  // Taken over: each of the victim's unfinished runs gets a new event (only another instance can write it).
  await expect
    .poll(
      async () => {
        const now = await Promise.all(unfinished.map((summary) => world!.getRun(summary!.runId)));
        return now.filter((summary, i) => summary!.eventCount === unfinished[i]!.eventCount).map((summary) => summary!.runId);
      },
      { timeout: TAKEOVER_LIMIT_MS, intervals: [50] },
    )
    .toEqual([]);
  report("takeover of every in-flight run after SIGKILL", Date.now() - killedAt);

  const survivor = instances[0];
  const finished = new Map<string, { status: string; returnValue?: unknown }>();
  await expect
    .poll(
      async () => {
        for (const run of runs) {
          if (finished.has(run.runId)) continue;
          const response = await fetch(`${survivor.url}/api/runs/${run.runId}`);
          const summary = (await response.json()) as { status: string; returnValue?: unknown };
          if (summary.status === "completed" || summary.status === "failed") finished.set(run.runId, summary);
        }
        return finished.size;
      },
      { timeout: 45_000, intervals: [100, 200, 250] },
    )
    .toBe(runs.length);

  for (const run of runs) expect(finished.get(run.runId), run.runId).toMatchObject({ status: "completed", returnValue: run.expected });

  report("all runs completed after SIGKILL", Date.now() - killedAt);

  for (const run of runs) {
    const events = (await world!.readEvents(run.runId)) ?? [];
    const completions = events.filter((event) => event.type === "step_completed").map((event) => event.correlationId);
    expect(new Set(completions).size, `${run.runId}: a step completed twice`).toBe(completions.length);
    expect(findRepeatedSteps(events), run.runId).toEqual([]);
  }
});

test("SIGTERM stops an instance within a few seconds", async () => {
  const survivor = instances[2];
  const ms = await survivor.signal("SIGTERM");
  report("exit after SIGTERM", ms);
  expect(survivor.exited()).toBe(true);
  expect(ms).toBeLessThan(5_000);
});
