import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { createRunBatcher } from "./pg-run-batch.ts";
import { createTempPostgres, isPostgresAvailable } from "./testing/temp-postgres.ts";

const available = await isPostgresAvailable();
const db = createTempPostgres("batch");
const request = { workflowName: "workflow//a.ts//f", input: "[]", seed: "s" };
const missing = "wrun_01JD8Z3K4M5N6P7Q8R9S0T1V2W";

describe("createRunBatcher", () => {
  it("reads the ids asked for in one turn with one load, each id once, and gives every caller its own copy", async () => {
    const loads: string[][] = [];
    const read = createRunBatcher({
      load: async (ids: string[]) => (loads.push(ids), ids.filter((id) => id !== "gone").map((id) => ({ run_id: id }))),
      toSummary: (row: { run_id: string }) => ({ id: row.run_id }),
    });
    const [a1, a2, b, gone] = await Promise.all([read("a"), read("a"), read("b"), read("gone")]);
    expect(loads).toEqual([["a", "b", "gone"]]);
    expect([a1, a2, b, gone]).toEqual([{ id: "a" }, { id: "a" }, { id: "b" }, undefined]);
    expect(a1).not.toBe(a2);

    expect(await read("a")).toEqual({ id: "a" });
    expect(loads).toHaveLength(2);
  });

  it("rejects every caller of a batch whose load failed, and the next batch reads again", async () => {
    let fail = true;
    const read = createRunBatcher({
      load: async (ids: string[]) => {
        if (fail) throw new Error("connection lost");
        return ids.map((id) => ({ run_id: id }));
      },
      toSummary: (row: { run_id: string }) => row.run_id,
    });
    const results = await Promise.allSettled([read("a"), read("b")]);
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    expect(await read("a")).toBe("a");
  });
});

describe.runIf(available)("PostgreSQL world: getRun", () => {
  it("answers the runs asked for together with one query, the right summary for each, undefined for a missing id", async () => {
    const world = await db.open();
    const done = await world.createRun({ ...request, firstEvents: () => [{ type: "run_started" }, { type: "run_completed", output: "1" }] });
    const going = await world.createRun({ ...request, workflowName: "workflow//b.ts//g", firstEvents: () => [{ type: "run_started" }] });
    const pending = await world.createRun(request);

    const query = vi.spyOn(pg.Pool.prototype, "query");
    try {
      const [a, b, c, again, none] = await Promise.all([done, going, pending, done, { runId: missing }].map(({ runId }) => world.getRun(runId)));
      const summaryQueries = query.mock.calls.filter(([config]) => String((config as { name?: string }).name ?? "").endsWith(".get-runs"));
      expect(summaryQueries).toHaveLength(1);
      expect(a).toMatchObject({ runId: done.runId, status: "completed", eventCount: 3 });
      expect(again).toEqual(a);
      expect(b).toMatchObject({ runId: going.runId, status: "running", workflowName: "workflow//b.ts//g", eventCount: 2 });
      expect(c).toMatchObject({ runId: pending.runId, status: "pending", eventCount: 1 });
      expect(none).toBeUndefined();
    } finally {
      query.mockRestore();
    }
    expect(await world.getRun("not-a-run-id")).toBeUndefined();
  });
});
