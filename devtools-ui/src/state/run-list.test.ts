import { describe, expect, it } from "vitest";
import { countByStatus, filterRuns, mergeRuns, workflowOptions, type RunRow } from "./run-list.ts";

const run = (runId: string, createdAt: number, extra: Partial<RunRow> = {}): RunRow => ({
  runId, workflowName: "workflow//a.ts//a", status: "running", createdAt, eventCount: 1, ...extra,
});

describe("run list", () => {
  it("merges pages and live updates newest first without letting stale data win", () => {
    let list = mergeRuns([], [run("wrun_A", 1), run("wrun_B", 3)]);
    list = mergeRuns(list, [run("wrun_C", 2), run("wrun_A", 1, { status: "completed", eventCount: 5 })]);
    expect(list.map((r) => r.runId)).toEqual(["wrun_B", "wrun_C", "wrun_A"]);
    list = mergeRuns(list, [run("wrun_A", 1, { status: "running", eventCount: 2 }), { bogus: true } as unknown as RunRow]);
    expect(list.find((r) => r.runId === "wrun_A")?.status).toBe("completed");
  });

  it("keeps the list as it is when an update brings nothing newer, and places new runs by creation time", () => {
    const list = mergeRuns([], [run("wrun_A", 1), run("wrun_B", 3, { eventCount: 4 }), run("wrun_D", 5)]);
    expect(mergeRuns(list, [run("wrun_B", 3, { eventCount: 2 })])).toBe(list);
    expect(mergeRuns(list, [])).toBe(list);
    const next = mergeRuns(list, [run("wrun_E", 6), run("wrun_C", 3), run("wrun_0", 0), run("wrun_B", 3, { eventCount: 9, status: "completed" })]);
    expect(next.map((r) => r.runId)).toEqual(["wrun_E", "wrun_D", "wrun_C", "wrun_B", "wrun_A", "wrun_0"]);
    expect(next.find((r) => r.runId === "wrun_B")?.status).toBe("completed");
  });

  it("filters by workflow, status and search (id, name or server input match)", () => {
    const list = [run("wrun_AAA", 3, { status: "failed" }), run("wrun_BBB", 2, { workflowName: "workflow//b.ts//billing" }), run("wrun_CCC", 1)];
    expect(filterRuns(list, { status: "failed" }).map((r) => r.runId)).toEqual(["wrun_AAA"]);
    expect(filterRuns(list, { workflow: "workflow//b.ts//billing" }).map((r) => r.runId)).toEqual(["wrun_BBB"]);
    expect(filterRuns(list, { search: "bill" }).map((r) => r.runId)).toEqual(["wrun_BBB"]);
    expect(filterRuns(list, { search: "ccc" }).map((r) => r.runId)).toEqual(["wrun_CCC"]);
    expect(filterRuns(list, { search: "alice@" }, new Set(["wrun_AAA"])).map((r) => r.runId)).toEqual(["wrun_AAA"]);
    expect(countByStatus(list)).toEqual({ pending: 0, running: 2, completed: 0, failed: 1, cancelled: 0 });
    expect(workflowOptions(list, ["workflow//z.ts//z"])).toEqual(["workflow//a.ts//a", "workflow//b.ts//billing", "workflow//z.ts//z"]);
  });
});
