import { loadavg } from "node:os";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { getHookByToken, resumeHook, start } from "../../api/index.ts";
import { createChangeHub } from "../../devtools-api/create-change-hub.ts";
import { createTestRuntime, loadFixture } from "../../engine/__fixtures__/harness.ts";
import { createRuntime } from "../../engine/create-runtime.ts";
import type { WorkflowEvent } from "../../events/event.ts";
import { toErrorResponse } from "../../http/error-status.ts";
import type { World } from "../world.ts";
import { createPostgresWorld } from "./create-postgres-world.ts";
import { OWNER_LEASE_MS } from "./pg-owners.ts";
import { sqlNames } from "./sql-names.ts";
import { canRunPrivatePostgres, startPrivatePostgres, type PrivatePostgres } from "./testing/private-postgres.ts";

// These tests stop and start a PostgreSQL server of their own (never the shared one) under running worlds.
const available = canRunPrivatePostgres();
let server: PrivatePostgres;
let fixture: Awaited<ReturnType<typeof loadFixture>>;
const wf = () => fixture.module;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
let schemaCount = 0;
const newSchema = () => `wf_restart_${++schemaCount}`;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  if (!available) return;
  process.on("unhandledRejection", onUnhandled);
  server = await startPrivatePostgres();
  fixture = await loadFixture("../../world/postgres/__fixtures__/outage-flows.ts");
}, 120_000);

afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await server?.destroy();
});

afterEach(() => {
  expect(unhandled).toEqual([]);
});

/**
 * Every step ran once: one `step_started` and at most one `step_completed` per step. With `perAttempt`, a
 * step may have run again as a new attempt (its first outcome could not be recorded), never one attempt twice.
 */
function expectEachStepRanOnce(events: WorkflowEvent[], options: { perAttempt?: boolean } = {}): void {
  const started = events.filter((e) => e.type === "step_started").map((e) => (options.perAttempt ? `${e.correlationId}#${e.attempt}` : e.correlationId));
  expect(new Set(started).size).toBe(started.length);
  const completed = events.filter((e) => e.type === "step_completed").map((e) => e.correlationId);
  expect(new Set(completed).size).toBe(completed.length);
}

async function countCompletedSteps(world: World, runId: string): Promise<number> {
  return ((await world.readEvents(runId)) ?? []).filter((e) => e.type === "step_completed").length;
}

/** Prints a figure with the load average, for the report (never asserted). */
function report(label: string, ms: number): void {
  const load = loadavg()[0].toFixed(2);
  process.stdout.write(`[restart figures] ${label}: ${ms} ms (load ${load})\n`);
}

describe.runIf(available)("the PostgreSQL world across database restarts", () => {
  test.each(["fast", "immediate"] as const)(
    "a %s restart mid-run pauses steps, sleeps and hooks, and every run then completes with each step run once",
    async (mode) => {
      const world = await createPostgresWorld({ url: server.url, schema: newSchema() });
      const env = await createTestRuntime(fixture.bundle, { world });
      const changes: number[] = [];
      world.watch(() => changes.push(Date.now()));
      try {
        const token = `restart-${mode}`;
        const seq = await start(wf().slowSeq, [30, 20]);
        const sleeper = await start(wf().sleeps, [4, 250]);
        const hooked = await start(wf().hookThenSteps, [token]);
        await expect.poll(() => getHookByToken(token).then(() => true, () => false), { timeout: 20_000 }).toBe(true);
        await resumeHook(token, { n: 1 });
        await expect.poll(() => countCompletedSteps(world, seq.runId), { timeout: 20_000, interval: 20 }).toBeGreaterThanOrEqual(5);

        await server.stop(mode);
        await delay(1_500);
        await server.start();
        const backAt = Date.now();
        await resumeHook(token, { n: 2 });
        await resumeHook(token, { n: 3 });

        expect(await seq.returnValue).toBe(30);
        expect(await sleeper.returnValue).toBe(4);
        expect(await hooked.returnValue).toEqual([2, 3, 4]);
        const doneAt = Date.now();
        const firstEventAt = changes.find((at) => at >= backAt);
        if (firstEventAt !== undefined) report(`${mode} restart: database back -> first event`, firstEventAt - backAt);
        report(`${mode} restart: database back -> all runs done`, doneAt - backAt);
        for (const run of [seq, sleeper, hooked]) {
          const events = (await world.readEvents(run.runId))!;
          expectEachStepRanOnce(events);
          expect((await world.getRun(run.runId))?.status).toBe("completed");
        }
      } finally {
        await env.close();
      }
    },
    90_000,
  );

  test("a watcher whose LISTEN connection was away hears, once back, of the changes made meanwhile (devtools feed too)", async () => {
    const schema = newSchema();
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    const tap = new pg.Client({ connectionString: server.url });
    await tap.connect();
    // The watcher connects as a role of its own, so the test can keep it (and only it) from logging in.
    await admin.query("do $$ begin if not exists (select from pg_roles where rolname = 'watcher') then create role watcher login superuser; end if; end $$");
    const writer = await createPostgresWorld({ url: server.url, schema });
    const watcher = await createPostgresWorld({ url: server.url.replace("postgres@", "watcher@"), schema });
    const hub = createChangeHub(watcher, { windowMs: 5 });
    try {
      const seen = new Set<string>();
      const ended = new Set<string>();
      watcher.watch((change) => {
        if (change.type !== "run") return;
        seen.add(change.runId);
        if (change.ended) ended.add(change.runId);
      });
      const fed = new Set<string>();
      hub.subscribe((batch) => batch.runs.forEach((runId) => fed.add(runId)));
      const { runId } = await writer.createRun({ workflowName: "outage", input: "[]", seed: "outage" });
      await expect.poll(() => seen.has(runId), { timeout: 10_000 }).toBe(true);

      // Cut the watcher off: it cannot log in again until allowed, while the writer goes on.
      await admin.query("alter role watcher nologin");
      await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where usename = 'watcher'");
      seen.clear();
      fed.clear();
      const heard: string[] = [];
      tap.on("notification", (message) => heard.push(message.payload ?? ""));
      await tap.query(`listen "${sqlNames(schema).channel}"`);
      await writer.appendEvents(runId, [{ type: "run_started" }, { type: "run_cancelled" }] as never);
      // The change's notice went out while the watcher was away.
      await expect.poll(() => heard.some((payload) => payload.endsWith(`|r|${runId}`)), { timeout: 10_000 }).toBe(true);
      expect(seen.has(runId)).toBe(false);

      const allowedAt = Date.now();
      await admin.query("alter role watcher login");
      await expect.poll(() => ended.has(runId), { timeout: 15_000, interval: 20 }).toBe(true);
      report("LISTEN allowed back -> missed change delivered", Date.now() - allowedAt);
      await expect.poll(() => fed.has(runId), { timeout: 5_000 }).toBe(true);
    } finally {
      hub.close();
      await watcher.close();
      await writer.close();
      await tap.end();
      await admin.end();
    }
  }, 60_000);

  test("a database down at startup fails with a clear error naming host, port and database, never the password", async () => {
    await server.stop("fast");
    try {
      const url = server.url.replace("postgres@", "postgres:hunter2@");
      const failure = await createPostgresWorld({ url, schema: newSchema() }).then(
        () => undefined,
        (error: unknown) => error as Error & { code?: string },
      );
      expect(failure).toMatchObject({ code: "ERR_POSTGRES_UNREACHABLE", message: expect.stringContaining(`127.0.0.1:${server.port}/postgres`) });
      expect(failure?.message).not.toContain("hunter2");
    } finally {
      await server.start();
    }
  }, 60_000);

  test("an outage longer than the retry window fails calls with ERR_POSTGRES_UNAVAILABLE (HTTP 503), loses nothing, and work resumes after", async () => {
    process.env.WORKFLOW_POSTGRES_RETRY_WINDOW_MS = "800";
    const world = await createPostgresWorld({ url: server.url, schema: newSchema() });
    const env = await createTestRuntime(fixture.bundle, { world });
    try {
      const seq = await start(wf().slowSeq, [20, 20]);
      const sleeper = await start(wf().sleeps, [2, 300]);
      await expect.poll(() => countCompletedSteps(world, seq.runId), { timeout: 20_000, interval: 20 }).toBeGreaterThanOrEqual(3);
      await server.stop("fast");
      const startedAt = Date.now();
      const failure = await world.getRun(seq.runId).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(Date.now() - startedAt).toBeLessThan(10_000);
      expect(failure).toMatchObject({ code: "ERR_POSTGRES_UNAVAILABLE", message: expect.stringContaining("WORKFLOW_POSTGRES_RETRY_WINDOW_MS") });
      expect(toErrorResponse(failure).status).toBe(503);
      // Well past the window: steps and writes in flight gave up meanwhile.
      await delay(2_500);
      await server.start();
      const backAt = Date.now();
      expect(await seq.returnValue).toBe(20);
      expect(await sleeper.returnValue).toBe(2);
      report("outage beyond the retry window: database back -> all runs done", Date.now() - backAt);
      const events = (await world.readEvents(seq.runId))!;
      expect(events.filter((e) => e.type === "step_completed")).toHaveLength(20);
      expectEachStepRanOnce(events, { perAttempt: true });
    } finally {
      delete process.env.WORKFLOW_POSTGRES_RETRY_WINDOW_MS;
      await env.close();
    }
  }, 90_000);

  test("runs keep their owner across an outage longer than the owner lease: the other instance does not take them over", async () => {
    const schema = newSchema();
    const worldA = await createPostgresWorld({ url: server.url, schema });
    const a = await createTestRuntime(fixture.bundle, { world: worldA });
    const worldB = await createPostgresWorld({ url: server.url, schema });
    const b = createRuntime({ world: worldB, workflowBundle: () => fixture.bundle });
    try {
      const runs = await Promise.all([1, 2, 3].map(() => start(wf().slowSeq, [15, 40])));
      await expect.poll(() => countCompletedSteps(worldA, runs[2].runId), { timeout: 20_000, interval: 20 }).toBeGreaterThanOrEqual(2);
      await server.stop("immediate");
      await delay(OWNER_LEASE_MS + 1_500);
      await server.start();
      for (const run of runs) expect(await run.returnValue).toBe(15);
      for (const run of runs) expectEachStepRanOnce((await worldA.readEvents(run.runId))!);
    } finally {
      await b.close();
      await worldB.close();
      await a.close();
    }
  }, 90_000);
});
