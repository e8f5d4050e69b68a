import { describe, expect, it } from "vitest";
import type { WorkflowEvent } from "../../../runtime/events/event.ts";
import { buildRunView, hookStatus, isFinished, pendingWaits, runDuration, runProblem } from "./run-view.ts";

const e = (i: number, type: string, extra: Record<string, unknown> = {}) =>
  ({ runId: "wrun_1", eventId: `evnt_${i}`, createdAt: 1000 + i * 100, type, ...extra }) as unknown as WorkflowEvent;
const log = [
  e(0, "run_created", { workflowName: "workflow//w.ts//w", input: "[[]]", seed: "s" }),
  e(1, "run_started"),
  e(2, "wait_created", { correlationId: "wait_1", resumeAt: 5000 }),
  e(3, "wait_completed", { correlationId: "wait_1" }),
  e(4, "run_completed", { output: "[7]" }),
];

describe("buildRunView", () => {
  it("folds the whole log when live", () => {
    const view = buildRunView(log, { now: 9999 });
    expect(view.state.status).toBe("completed");
    expect(isFinished(view.state)).toBe(true);
    expect(view.waterfall.rows[0].status).toBe("completed");
    expect(view.cursor).toBeUndefined();
  });

  it("shows the run as it stood at a chosen event", () => {
    const view = buildRunView(log, { now: 9999, cursor: 2 });
    expect(view.state.status).toBe("running");
    expect(view.events).toHaveLength(3);
    expect(pendingWaits(view.state)).toEqual(["wait_1"]);
    expect(view.waterfall.endAt).toBe(1200);
    expect(buildRunView(log, { now: 1, cursor: 99 }).cursor).toBe(4);
    expect(buildRunView([], { now: 1, cursor: 3 }).state.status).toBe("pending");
  });
});

describe("runProblem", () => {
  const damage = { name: "CorruptLogError", code: "ERR_CORRUPT_LOG", message: "The event log runs/x/events.jsonl has an unreadable line 2" };
  const base = { runId: "wrun_01JD8Z3K4M5N6P7Q8R9S0T1V2W", createdAt: 1 };
  const created = { ...base, eventId: "evnt_1", type: "run_created", workflowName: "workflow//a.ts//wf", input: "[]", seed: "s" } as WorkflowEvent;

  it("shows a damaged unfinished log as the run's failure (the world ends it with a run_failed)", () => {
    const { state } = buildRunView([created, { ...base, eventId: "evnt_2", type: "run_failed", error: damage }], { now: 5 });
    expect(state.status).toBe("failed");
    expect(runProblem(state, damage)).toEqual(damage);
  });

  it("shows the damage of a run that had ended, which keeps its status", () => {
    const { state } = buildRunView([created, { ...base, eventId: "evnt_2", type: "run_completed", output: "[1]" }], { now: 5 });
    expect(state.status).toBe("completed");
    expect(runProblem(state, damage)).toEqual(damage);
    expect(runProblem(state, undefined)).toBeUndefined();
  });

  it("prefers the recorded failure of a failed run", () => {
    const error = { name: "Error", message: "boom" };
    const { state } = buildRunView([created, { ...base, eventId: "evnt_2", type: "run_failed", error }], { now: 5 });
    expect(runProblem(state, undefined)).toEqual(error);
    expect(runProblem(state, damage)).toEqual(error);
  });
});

describe("runDuration", () => {
  it("runs to the cursor's event while travelling, and to the end once ended", () => {
    expect(runDuration(buildRunView(log, { now: 9999, cursor: 2 }).state, buildRunView(log, { now: 9999, cursor: 2 }).at)).toBe(100);
    const live = buildRunView(log, { now: 9999 });
    expect(runDuration(live.state, live.at)).toBe(300);
    expect(runDuration(buildRunView([], { now: 1 }).state, 1)).toBeUndefined();
  });
});

describe("hookStatus", () => {
  const hook = { hookId: "hook_1", token: "t", kind: "hook", createdAt: 1, receivedCount: 0, payloads: [], disposed: false } as never;
  it("is waiting while the run lives, disposed once it ended without a payload, received once one came", () => {
    expect(hookStatus(hook, false)).toBe("waiting");
    expect(hookStatus(hook, true)).toBe("disposed");
    expect(hookStatus({ ...(hook as object), receivedCount: 1 } as never, true)).toBe("received");
    expect(hookStatus({ ...(hook as object), disposed: true } as never, false)).toBe("disposed");
  });
});
