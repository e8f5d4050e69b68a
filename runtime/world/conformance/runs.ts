import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { EVENT_ID_RE, RUN_ID_RE } from "../../events/ids.ts";
import type { WorldFactory, WorldStore } from "./world-factory.ts";
import { createTestRun, RUN_COMPLETED, stepCompleted, stepCreated, stepOf, typesOf, waitOf } from "./conformance-data.ts";

/** Run logs: creation, idempotency, appends and their terminal rules, summaries, listing and paging. */
export function describeRunsContract(factory: WorldFactory): void {
  let store: WorldStore;
  beforeEach(async () => {
    store = await factory();
  });
  afterEach(() => store.dispose());

  describe("createRun", () => {
    test("stores run_created and returns it; the run is pending", async () => {
      const { world } = store;
      const result = await world.createRun({ workflowName: "workflow//a.ts//f", input: "[[1]]", seed: "s1", url: "http://localhost:1" });
      expect(result.created).toBe(true);
      expect(result.runId).toMatch(RUN_ID_RE);
      expect(result.events).toHaveLength(1);
      const [created] = result.events!;
      expect(created).toMatchObject({ type: "run_created", runId: result.runId, workflowName: "workflow//a.ts//f", input: "[[1]]", seed: "s1", url: "http://localhost:1" });
      expect(created.eventId).toMatch(EVENT_ID_RE);
      expect(await world.readEvents(result.runId)).toEqual(result.events);
      expect(await world.getRun(result.runId)).toMatchObject({ runId: result.runId, workflowName: "workflow//a.ts//f", status: "pending", createdAt: created.createdAt, eventCount: 1 });
    });

    test("origin is recorded on run_created, computed from the new run's id", async () => {
      const { world } = store;
      const result = await world.createRun({
        workflowName: "workflow//a.ts//f",
        input: "[[]]",
        seed: "s",
        origin: (runId) => ({ runId: "wrun_01JAAAAAAAAAAAAAAAAAAAAAAA", fromStepCorrelationId: "step_x_2", reused: [`step_${runId.slice(5)}_0`] }),
      });
      const origin = { runId: "wrun_01JAAAAAAAAAAAAAAAAAAAAAAA", fromStepCorrelationId: "step_x_2", reused: [`step_${result.runId.slice(5)}_0`] };
      expect(result.events![0]).toMatchObject({ type: "run_created", origin });
      expect((await world.readEvents(result.runId))![0]).toMatchObject({ type: "run_created", origin });
    });

    test("firstEvents are stored right after run_created, with its createdAt", async () => {
      const { world } = store;
      const result = await world.createRun({
        workflowName: "workflow//a.ts//f",
        input: "[[]]",
        seed: "s",
        firstEvents: (runCreated) => [{ type: "run_started" }, stepCreated(runCreated.runId, 0)],
      });
      const events = (await world.readEvents(result.runId))!;
      expect(events.map((event) => event.type)).toEqual(["run_created", "run_started", "step_created"]);
      expect(result.events).toEqual(events);
      expect(new Set(events.map((event) => event.createdAt)).size).toBe(1);
      expect(await world.getRun(result.runId)).toMatchObject({ status: "running", startedAt: events[0].createdAt, eventCount: 3 });
    });

    test("when firstEvents throws, createRun rejects and stores nothing; the idempotency key stays free", async () => {
      const { world } = store;
      const failing = world.createRun({ workflowName: "workflow//a.ts//f", input: "[[]]", seed: "s", idempotencyKey: "k-throw", firstEvents: () => Promise.reject(new Error("no")) });
      await expect(failing).rejects.toThrow("no");
      expect((await world.listRuns()).data).toEqual([]);
      const again = await world.createRun({ workflowName: "workflow//a.ts//f", input: "[[]]", seed: "s", idempotencyKey: "k-throw" });
      expect(again.created).toBe(true);
    });

    test("concurrent creates with one idempotency key make one run", async () => {
      const { world } = store;
      const results = await Promise.all(Array.from({ length: 6 }, () => world.createRun({ workflowName: "workflow//a.ts//f", input: "[[]]", seed: "s", idempotencyKey: "same" })));
      expect(new Set(results.map((result) => result.runId)).size).toBe(1);
      expect(results.filter((result) => result.created)).toHaveLength(1);
      expect((await world.listRuns()).data).toHaveLength(1);
      const other = await world.createRun({ workflowName: "workflow//a.ts//f", input: "[[]]", seed: "s", idempotencyKey: "other" });
      expect(other.runId).not.toBe(results[0].runId);
    });
  });

  describe("appendEvents", () => {
    test("resolves the stored events, in order, with ids and timestamps; readEvents reads from an index", async () => {
      const { world } = store;
      const runId = await createTestRun(world);
      const stored = await world.appendEvents(runId, [{ type: "run_started" }, stepCreated(runId, 0), { type: "step_started", correlationId: stepOf(runId, 0), attempt: 1 }]);
      expect(stored.map((event) => event.type)).toEqual(["run_started", "step_created", "step_started"]);
      for (const event of stored) {
        expect(event.runId).toBe(runId);
        expect(event.eventId).toMatch(EVENT_ID_RE);
        expect(typeof event.createdAt).toBe("number");
      }
      expect(new Set(stored.map((event) => event.eventId)).size).toBe(3);
      expect(await world.readEvents(runId, 2)).toEqual(stored.slice(1));
      expect(await world.readEvents(runId, 4)).toEqual([]);
    });

    test("honours createdAt", async () => {
      const { world } = store;
      const runId = await createTestRun(world);
      const stored = await world.appendEvents(runId, [{ type: "run_started" }], { createdAt: 1_234_567 });
      expect(stored[0].createdAt).toBe(1_234_567);
      expect((await world.readEvents(runId))![1].createdAt).toBe(1_234_567);
    });

    test("unknown runs read as undefined", async () => {
      const { world } = store;
      const runId = await createTestRun(world);
      const unknown = runId.slice(0, -4) + (runId.endsWith("ZZZZ") ? "0000" : "ZZZZ");
      expect(await world.readEvents(unknown)).toBeUndefined();
      expect(await world.getRun(unknown)).toBeUndefined();
    });

    test("nothing is appended after a terminal run event", async () => {
      const { world } = store;
      const runId = await createTestRun(world);
      await world.appendEvents(runId, [{ type: "run_started" }]);
      const ended = await world.appendEvents(runId, [RUN_COMPLETED, stepCreated(runId, 0)]);
      expect(ended.map((event) => event.type)).toEqual(["run_completed"]);
      expect(await world.appendEvents(runId, [stepCreated(runId, 1)])).toEqual([]);
      expect(await world.appendEvents(runId, [{ type: "run_failed", error: { name: "Error", message: "late" } }])).toEqual([]);
      expect(await typesOf(world, runId)).toEqual(["run_created", "run_started", "run_completed"]);
      expect(await world.getRun(runId)).toMatchObject({ status: "completed", eventCount: 3 });
    });

    test("a second settling event for one correlation id is dropped", async () => {
      const { world } = store;
      const runId = await createTestRun(world);
      await world.appendEvents(runId, [stepCreated(runId, 0), { type: "wait_created", correlationId: waitOf(runId, 1), resumeAt: 0 }]);
      expect(await world.appendEvents(runId, [stepCompleted(runId, 0, '["first"]')])).toHaveLength(1);
      expect(await world.appendEvents(runId, [stepCompleted(runId, 0, '["second"]')])).toEqual([]);
      expect(await world.appendEvents(runId, [{ type: "step_failed", correlationId: stepOf(runId, 0), error: { name: "Error", message: "x" }, fatal: true }])).toEqual([]);
      const waits = [{ type: "wait_completed", correlationId: waitOf(runId, 1) }] as const;
      expect(await world.appendEvents(runId, [...waits, ...waits])).toHaveLength(1);
      const events = (await world.readEvents(runId))!;
      expect(events.filter((event) => event.type === "step_completed")).toMatchObject([{ result: '["first"]' }]);
      expect(events.filter((event) => event.type === "wait_completed")).toHaveLength(1);
    });

    test("a non-fatal step_failed settles nothing", async () => {
      const { world } = store;
      const runId = await createTestRun(world);
      const failed = { type: "step_failed", correlationId: stepOf(runId, 0), error: { name: "Error", message: "x" }, fatal: false } as const;
      await world.appendEvents(runId, [stepCreated(runId, 0), failed]);
      expect(await world.appendEvents(runId, [failed, stepCompleted(runId, 0)])).toHaveLength(2);
    });

    test("exact appends are all or nothing", async () => {
      const { world } = store;
      const runId = await createTestRun(world);
      await world.appendEvents(runId, [stepCreated(runId, 0), stepCompleted(runId, 0)]);
      expect(await world.appendEvents(runId, [stepCompleted(runId, 0), stepCreated(runId, 1)], { exact: true })).toEqual([]);
      expect(await world.appendEvents(runId, [stepCreated(runId, 2), stepCompleted(runId, 2), stepCompleted(runId, 2)], { exact: true })).toEqual([]);
      expect(await world.appendEvents(runId, [RUN_COMPLETED, stepCreated(runId, 3)], { exact: true })).toEqual([]);
      expect(await typesOf(world, runId)).toEqual(["run_created", "step_created", "step_completed"]);
      const whole = await world.appendEvents(runId, [stepCreated(runId, 4), stepCompleted(runId, 4), RUN_COMPLETED], { exact: true });
      expect(whole.map((event) => event.type)).toEqual(["step_created", "step_completed", "run_completed"]);
      expect(await world.appendEvents(runId, [stepCreated(runId, 5)], { exact: true })).toEqual([]);
      // Without `exact`, what may be stored is stored.
      const other = await createTestRun(world);
      await world.appendEvents(other, [stepCreated(other, 0), stepCompleted(other, 0)]);
      expect((await world.appendEvents(other, [stepCompleted(other, 0), stepCreated(other, 1)])).map((event) => event.type)).toEqual(["step_created"]);
    });
  });

  describe("summaries and listing", () => {
    test("getRun follows the log: pending, running, then the terminal status with its time", async () => {
      const { world } = store;
      const runId = await createTestRun(world);
      expect(await world.getRun(runId)).toMatchObject({ status: "pending", eventCount: 1 });
      const [started] = await world.appendEvents(runId, [{ type: "run_started" }]);
      expect(await world.getRun(runId)).toMatchObject({ status: "running", startedAt: started.createdAt, eventCount: 2 });
      const [failed] = await world.appendEvents(runId, [{ type: "run_failed", error: { name: "Error", message: "x" } }]);
      const summary = await world.getRun(runId);
      expect(summary).toMatchObject({ status: "failed", startedAt: started.createdAt, completedAt: failed.createdAt, eventCount: 3 });
      const cancelled = await createTestRun(world);
      await world.appendEvents(cancelled, [{ type: "run_cancelled" }]);
      expect(await world.getRun(cancelled)).toMatchObject({ status: "cancelled" });
    });

    test("listRuns: newest first, filtered by workflow and status, paged with a cursor", async () => {
      const { world } = store;
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) ids.push(await createTestRun(world, i % 2 === 0 ? "workflow//a.ts//even" : "workflow//a.ts//odd"));
      await world.appendEvents(ids[0], [RUN_COMPLETED]);
      await world.appendEvents(ids[2], [{ type: "run_started" }]);
      const newestFirst = ids.toReversed();
      expect((await world.listRuns()).data.map((run) => run.runId)).toEqual(newestFirst);
      expect((await world.listRuns({ workflowName: "workflow//a.ts//odd" })).data.map((run) => run.runId)).toEqual(newestFirst.filter((_, i) => i % 2 === 1));
      expect((await world.listRuns({ status: "completed" })).data.map((run) => run.runId)).toEqual([ids[0]]);
      expect((await world.listRuns({ status: "running", workflowName: "workflow//a.ts//even" })).data.map((run) => run.runId)).toEqual([ids[2]]);
      /** Follows the cursors from the first page until a page has none. */
      const pageThrough = async (query: { limit: number; workflowName?: string }) => {
        const seen: string[] = [];
        let cursor: string | null = null;
        for (let page = 0; page < 20; page++) {
          const result = await world.listRuns({ ...query, ...(cursor ? { cursor } : {}) });
          expect(result.data.length).toBeLessThanOrEqual(query.limit);
          seen.push(...result.data.map((run) => run.runId));
          cursor = result.cursor;
          if (!cursor) return seen;
        }
        throw new Error("listRuns kept returning a cursor");
      };
      expect(await pageThrough({ limit: 3 })).toEqual(newestFirst);
      expect(await pageThrough({ limit: 1 })).toEqual(newestFirst);
      expect(await pageThrough({ limit: 2, workflowName: "workflow//a.ts//even" })).toEqual(newestFirst.filter((_, i) => i % 2 === 0));
    });

    test("listRuns: search matches workflow name, run id and input, case-insensitive, with status and paging", async () => {
      const { world } = store;
      const alpha = await world.createRun({ workflowName: "workflow//a.ts//Billing", input: '[["Invoice-42"]]', seed: "s" });
      const beta = await world.createRun({ workflowName: "workflow//a.ts//mail", input: '[["invoice-43 100%_off"]]', seed: "s" });
      const gamma = await world.createRun({ workflowName: "workflow//a.ts//mail", input: '[["other"]]', seed: "s" });
      await world.appendEvents(beta.runId, [{ type: "run_started" }, RUN_COMPLETED]);
      const search = async (query: { search: string; status?: "completed" | "pending"; limit?: number; cursor?: string }) =>
        (await world.listRuns(query)).data.map((run) => run.runId);
      expect(await search({ search: "INVOICE-4" })).toEqual([beta.runId, alpha.runId]);
      expect(await search({ search: "billing" })).toEqual([alpha.runId]);
      expect(await search({ search: gamma.runId.toUpperCase() })).toEqual([gamma.runId]);
      expect(await search({ search: "100%_" })).toEqual([beta.runId]);
      expect(await search({ search: "%" })).toEqual([beta.runId]);
      expect(await search({ search: "invoice", status: "completed" })).toEqual([beta.runId]);
      expect(await search({ search: "invoice", status: "pending" })).toEqual([alpha.runId]);
      expect(await search({ search: "nothing like this" })).toEqual([]);
      const first = await world.listRuns({ search: "invoice", limit: 1 });
      expect(first.data.map((run) => run.runId)).toEqual([beta.runId]);
      expect(first.cursor).not.toBeNull();
      const second = await world.listRuns({ search: "invoice", limit: 1, cursor: first.cursor! });
      expect(second.data.map((run) => run.runId)).toEqual([alpha.runId]);
      // Summaries found by a filter are current, counts included.
      expect((await world.listRuns({ status: "completed" })).data).toEqual([await world.getRun(beta.runId)]);
    });

    test("listRuns: a status filter follows each change of status", async () => {
      const { world } = store;
      const runId = await createTestRun(world);
      const statusOf = async (status: "pending" | "running" | "completed") => (await world.listRuns({ status })).data.map((run) => run.runId);
      expect(await statusOf("pending")).toEqual([runId]);
      await world.appendEvents(runId, [{ type: "run_started" }]);
      expect(await statusOf("pending")).toEqual([]);
      expect(await statusOf("running")).toEqual([runId]);
      await world.appendEvents(runId, [RUN_COMPLETED]);
      expect(await statusOf("running")).toEqual([]);
      expect(await statusOf("completed")).toEqual([runId]);
    });

    test("listRuns: another instance on the store filters and searches the runs this one writes", async (context) => {
      if (!store.openAnother) return context.skip();
      const { world } = store;
      const other = await store.openAnother();
      expect((await other.listRuns({ status: "completed" })).data).toEqual([]);
      const { runId } = await world.createRun({ workflowName: "workflow//a.ts//shared", input: '[["needle"]]', seed: "s" });
      expect((await other.listRuns({ search: "needle" })).data.map((run) => run.runId)).toEqual([runId]);
      await world.appendEvents(runId, [RUN_COMPLETED]);
      expect((await other.listRuns({ status: "completed" })).data.map((run) => run.runId)).toEqual([runId]);
    });

    test("listActiveRunIds lists the runs that have not ended", async () => {
      const { world } = store;
      const [pending, running, completed, failed, cancelled] = [await createTestRun(world), await createTestRun(world), await createTestRun(world), await createTestRun(world), await createTestRun(world)];
      await world.appendEvents(running, [{ type: "run_started" }]);
      await world.appendEvents(completed, [RUN_COMPLETED]);
      await world.appendEvents(failed, [{ type: "run_failed", error: { name: "Error", message: "x" } }]);
      await world.appendEvents(cancelled, [{ type: "run_cancelled" }]);
      expect((await world.listActiveRunIds()).toSorted()).toEqual([pending, running].toSorted());
    });
  });
}
