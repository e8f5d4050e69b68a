import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { WorkflowEvent } from "../../events/event.ts";
import type { RunSummary } from "../world.ts";
import { createPgEndedRuns } from "./pg-ended-runs.ts";
import { createTempPostgres, isPostgresAvailable } from "./testing/temp-postgres.ts";

const available = await isPostgresAvailable();
const db = createTempPostgres("ended");
const request = { workflowName: "workflow//a.ts//f", input: "[]", seed: "s" };

const summary = (status: RunSummary["status"]): RunSummary => ({ runId: "wrun_01JD8Z3K4M5N6P7Q8R9S0T1V2W", workflowName: "w", status, createdAt: 1, eventCount: 3 });
const event = (type: string, n: number) => ({ type, runId: "wrun_01JD8Z3K4M5N6P7Q8R9S0T1V2W", eventId: `evnt_${n}`, createdAt: n }) as WorkflowEvent;

const nthRunId = (n: number) => `wrun_01JD8Z3K4M5N6P7Q8R9S${String(n).padStart(6, "0")}`;
const withResult = (n: number, chars: number) => ({ ...event("run_completed", n), output: "x".repeat(chars) }) as WorkflowEvent;

describe("createPgEndedRuns", () => {
  it("remembers summaries with a terminal status only, and answers copies", () => {
    const ended = createPgEndedRuns();
    ended.rememberSummary(summary("running"));
    expect(ended.summary(summary("running").runId)).toBeUndefined();
    ended.rememberSummary(summary("completed"));
    const first = ended.summary(summary("completed").runId)!;
    expect(first).toEqual(summary("completed"));
    first.status = "failed";
    expect(ended.summary(first.runId)?.status).toBe("completed");
  });

  it("answers reads of a log's remembered end, from its place on; earlier starts are not remembered", () => {
    const ended = createPgEndedRuns();
    const runId = summary("completed").runId;
    ended.rememberEnd(runId, [event("step_completed", 3), event("run_completed", 4)], 5);
    expect(ended.events(runId, 2)).toBeUndefined();
    expect(ended.events(runId, 3)).toEqual([event("step_completed", 3), event("run_completed", 4)]);
    expect(ended.events(runId, 4)).toEqual([event("run_completed", 4)]);
    expect(ended.events(runId, 5)).toEqual([]);
    const copy = ended.events(runId, 4)!;
    (copy[0] as { type: string }).type = "changed";
    expect(ended.events(runId, 4)?.[0].type).toBe("run_completed");
    expect(ended.events("wrun_01JD8Z3K4M5N6P7Q8R9S0T1V2X", 0)).toBeUndefined();
  });

  it("keeps log ends within its size bounds: a large end is not kept, and the oldest go first", () => {
    const ended = createPgEndedRuns();
    ended.rememberEnd(nthRunId(0), [withResult(1, 100 * 1024)], 2);
    expect(ended.events(nthRunId(0), 1)).toBeUndefined();
    // 200 ends of ~50 KB: about 10 MB, more than the 8 MB kept.
    for (let n = 1; n <= 200; n++) ended.rememberEnd(nthRunId(n), [withResult(1, 50 * 1024)], 2);
    expect(ended.events(nthRunId(1), 1)).toBeUndefined();
    expect(ended.events(nthRunId(200), 1)?.[0].type).toBe("run_completed");
    const kept = Array.from({ length: 200 }, (_, i) => ended.events(nthRunId(i + 1), 1)).filter(Boolean).length;
    expect(kept).toBeGreaterThan(100);
    expect(kept).toBeLessThan(170);
  });
});

/** Counts the world's statements of the given prepared names from now on (by clients made after the call). */
function countStatements(...names: string[]): () => number {
  const query = vi.spyOn(pg.Client.prototype, "query");
  return () => query.mock.calls.filter(([config]) => names.some((name) => String((config as { name?: string })?.name).endsWith(`.${name}`))).length;
}

describe.runIf(available)("PostgreSQL world: reads of runs that ended here", () => {
  afterEach(() => void vi.restoreAllMocks());

  it("after the append that ended a run here, its summary and last events are answered without a statement, as stored", async () => {
    const statements = countStatements("get-runs", "read-events");
    const [a, b] = [await db.open(), await db.open()];
    const { runId } = await a.createRun({ ...request, firstEvents: () => [{ type: "run_started" }] });
    await a.appendEvents(runId, [{ type: "step_created", correlationId: "step_1", stepName: "s", input: "[]" }]);
    await a.appendEvents(runId, [{ type: "step_completed", correlationId: "step_1", result: "[1]" }, { type: "run_completed", output: "[1]" }]);
    const before = statements();
    const fromDatabase = await b.getRun(runId);
    expect(fromDatabase?.status).toBe("completed");
    // The first summary read asks the database; then it is remembered.
    expect(await a.getRun(runId)).toEqual(fromDatabase);
    expect(await a.getRun(runId)).toEqual(fromDatabase);
    const count = fromDatabase!.eventCount;
    expect(await a.readEvents(runId, count - 2)).toEqual(await b.readEvents(runId, count - 2));
    expect(await a.readEvents(runId, count - 1)).toEqual(await b.readEvents(runId, count - 1));
    // b: one summary read and two log reads; a: one summary read.
    expect(statements() - before).toBe(4);
    // Reads starting before the remembered end ask the database.
    expect(await a.readEvents(runId)).toEqual(await b.readEvents(runId));
    expect(statements() - before).toBe(6);
  });

  it("a run that ended in its creation's first events answers its whole log without a statement", async () => {
    const statements = countStatements("read-events");
    const [a, b] = [await db.open(), await db.open()];
    const { runId } = await a.createRun({ ...request, firstEvents: () => [{ type: "run_started" }, { type: "run_failed", error: { name: "Error", message: "x" } }] });
    const before = statements();
    const fromDatabase = await b.readEvents(runId);
    expect(fromDatabase?.map((stored) => stored.type)).toEqual(["run_created", "run_started", "run_failed"]);
    expect(await a.readEvents(runId)).toEqual(fromDatabase);
    expect(statements() - before).toBe(1);
  });
});
