import { describe, expect, it } from "vitest";
import type { WorkflowEvent } from "../../../runtime/events/event.ts";
import { argumentsPreview, axisTicks, layoutWaterfall, shortStepName, shortToken, toPercent } from "./waterfall.ts";

const R = "wrun_1";
let seq = 0;
type Loose = { type: string; at: number; [key: string]: unknown };
function log(...events: Loose[]): WorkflowEvent[] {
  return events.map(({ at, ...rest }) => ({ runId: R, eventId: `evnt_${++seq}`, createdAt: at, ...rest }) as unknown as WorkflowEvent);
}
const created = { type: "run_created", at: 1000, workflowName: "workflow//w.ts//w", input: "[[]]", seed: "s" };

describe("layoutWaterfall", () => {
  it("starts the axis at the run's start, however long the run was queued after its creation", () => {
    const w = layoutWaterfall(log(
      created,
      { type: "run_started", at: 1500 },
      { type: "step_created", at: 1502, correlationId: "step_a", stepName: "step//a.ts//s", input: "[[]]" },
      { type: "step_started", at: 1503, correlationId: "step_a", attempt: 1 },
      { type: "step_completed", at: 1520, correlationId: "step_a", result: "[1]" },
      { type: "run_completed", at: 1525, output: "[1]" },
    ), 99_999);
    expect([w.startAt, w.endAt]).toEqual([1500, 1525]);
  });

  it("numbers rows with the same label and previews each step's arguments", () => {
    const steps = [0, 1, 2].flatMap((i) => [
      { type: "step_created", at: 1000 + i, correlationId: `step_${i}`, stepName: "step//b.ts//parStep", input: `[[1],${i}]` },
    ]);
    const w = layoutWaterfall(log(
      created,
      ...steps,
      { type: "step_created", at: 1010, correlationId: "step_x", stepName: "step//b.ts//other", input: '[[1,2],"a",{"k":3},3]' },
    ), 2000);
    expect(w.rows.map((r) => [r.label, r.ordinal, r.argsPreview])).toEqual([
      ["parStep", 1, "(0)"], ["parStep", 2, "(1)"], ["parStep", 3, "(2)"], ["other", undefined, '("a", {k: 3})'],
    ]);
    expect(argumentsPreview("not devalue")).toBeUndefined();
  });

  it("keeps the distinguishing tail of long hook tokens", () => {
    const a = shortToken("webhook_01JABCDEFGHJKMNPQRSTVWXYZ0001");
    const b = shortToken("webhook_01JABCDEFGHJKMNPQRSTVWXYZ0002");
    expect(a).not.toBe(b);
    expect(a.length).toBeLessThanOrEqual(22);
    expect(a.endsWith("0001")).toBe(true);
    expect(shortToken("approval:doc-1")).toBe("approval:doc-1");
  });

  it("splits a step into queued and executing time", () => {
    const w = layoutWaterfall(log(
      created,
      { type: "run_started", at: 1001 },
      { type: "step_created", at: 1010, correlationId: "step_a", stepName: "step//src/mail.ts//sendEmail", input: "[[]]" },
      { type: "step_started", at: 1030, correlationId: "step_a", attempt: 1 },
      { type: "step_completed", at: 1100, correlationId: "step_a", result: "[1]" },
      { type: "run_completed", at: 1110, output: "[1]" },
    ), 99_999);
    // The axis starts when the run started, not when it was created.
    expect(w).toMatchObject({ startAt: 1001, endAt: 1110, live: false });
    expect(w.rows).toHaveLength(1);
    const [row] = w.rows;
    expect(row).toMatchObject({ id: "step_a", kind: "step", label: "sendEmail", status: "completed", createdAt: 1010, endedAt: 1100, waitingMs: 20, executingMs: 70 });
    expect(row.segments).toEqual([
      { kind: "queued", from: 1010, to: 1030, open: false, attempt: 1 },
      { kind: "executing", from: 1030, to: 1100, open: false, attempt: 1 },
    ]);
    expect(row.eventIndices).toEqual([2, 3, 4]);
  });

  it("shows each retry as its own attempt with backoff in between, and the fatal error", () => {
    const w = layoutWaterfall(log(
      created,
      { type: "step_created", at: 1000, correlationId: "step_a", stepName: "step//a.ts//flaky", input: "[[]]" },
      { type: "step_started", at: 1000, correlationId: "step_a", attempt: 1 },
      { type: "step_failed", at: 1050, correlationId: "step_a", fatal: false, error: { name: "Error", message: "boom 1" } },
      { type: "step_retrying", at: 1050, correlationId: "step_a", attempt: 2, retryAt: 2050 },
      { type: "step_started", at: 2060, correlationId: "step_a", attempt: 2 },
      { type: "step_failed", at: 2100, correlationId: "step_a", fatal: true, error: { name: "FatalError", message: "boom 2" } },
      { type: "run_failed", at: 2110, error: { name: "FatalError", message: "boom 2" } },
    ), 0);
    const [row] = w.rows;
    expect(row.status).toBe("failed");
    expect(row.attempts.map((a) => [a.attempt, a.outcome, a.error?.message])).toEqual([[1, "retrying", "boom 1"], [2, "failed", "boom 2"]]);
    expect(row.segments.map((s) => [s.kind, s.from, s.to])).toEqual([
      ["queued", 1000, 1000], ["executing", 1000, 1050], ["backoff", 1050, 2050], ["queued", 2050, 2060], ["executing", 2060, 2100],
    ]);
    expect(row.executingMs).toBe(90);
    expect(row.waitingMs).toBe(1010);
    expect(row.markers.map((m) => m.kind)).toEqual(["retry", "failed"]);
  });

  it("keeps open segments growing until now while the run is live", () => {
    const events = log(
      created,
      { type: "step_created", at: 1000, correlationId: "step_a", stepName: "step//a.ts//slow", input: "[[]]" },
      { type: "step_started", at: 1200, correlationId: "step_a", attempt: 1 },
      { type: "wait_created", at: 1300, correlationId: "wait_b", resumeAt: 9000 },
    );
    const w = layoutWaterfall(events, 5000);
    expect(w).toMatchObject({ live: true, endAt: 5000 });
    expect(w.rows.map((r) => [r.kind, r.status])).toEqual([["step", "running"], ["sleep", "waiting"]]);
    expect(w.rows[0].segments.at(-1)).toEqual({ kind: "executing", from: 1200, to: 5000, open: true, attempt: 1 });
    expect(w.rows[1].segments).toEqual([{ kind: "waiting", from: 1300, to: 5000, open: true, attempt: undefined }]);
    expect(w.rows[1].markers).toEqual([{ at: 9000, kind: "resume-due", label: "resume due" }]);
  });

  it("types hooks and webhooks, marks payloads, and closes on dispose", () => {
    const w = layoutWaterfall(log(
      created,
      { type: "hook_created", at: 1010, correlationId: "hook_a", token: "tok-1", kind: "hook" },
      { type: "hook_created", at: 1020, correlationId: "hook_b", token: "wh-2", kind: "webhook" },
      { type: "hook_received", at: 1500, correlationId: "hook_a", payload: "[1]" },
      { type: "hook_disposed", at: 1600, correlationId: "hook_a" },
    ), 2000);
    expect(w.rows.map((r) => [r.kind, r.label, r.status, r.endedAt])).toEqual([
      ["hook", "tok-1", "disposed", 1600], ["webhook", "wh-2", "waiting", undefined],
    ]);
    expect(w.rows[0].markers).toEqual([{ at: 1500, kind: "received", label: "payload received" }]);
  });

  it("shows the hooks still waiting when their run ended as disposed, and keeps the received ones", () => {
    const w = layoutWaterfall(log(
      created,
      { type: "hook_created", at: 1010, correlationId: "hook_a", token: "tok-1", kind: "hook" },
      { type: "hook_created", at: 1020, correlationId: "hook_b", token: "wh-2", kind: "webhook" },
      { type: "hook_received", at: 1500, correlationId: "hook_b", payload: "[1]" },
      { type: "run_cancelled", at: 1600 },
    ), 2000);
    expect(w.rows.map((r) => [r.label, r.status])).toEqual([["tok-1", "disposed"], ["wh-2", "received"]]);
  });

  it("ignores duplicate terminal events, unknown types and malformed entries", () => {
    const events = log(
      created,
      { type: "step_created", at: 1000, correlationId: "step_a", stepName: "step//a.ts//x", input: "[[]]" },
      { type: "step_started", at: 1001, correlationId: "step_a", attempt: 1 },
      { type: "step_completed", at: 1002, correlationId: "step_a", result: "[1]" },
      { type: "step_completed", at: 1500, correlationId: "step_a", result: "[2]" },
      { type: "something_new", at: 1600, correlationId: "step_z" },
      { type: "wait_completed", at: 1700, correlationId: "wait_unknown" },
    );
    const w = layoutWaterfall([...events, null as unknown as WorkflowEvent, { type: "step_started" } as unknown as WorkflowEvent], 1800);
    expect(w.rows).toHaveLength(1);
    expect(w.rows[0]).toMatchObject({ status: "completed", endedAt: 1002, eventIndices: [1, 2, 3] });
  });

  it("marks unfinished steps and sleeps of an ended run as abandoned, and lays out an empty log", () => {
    const w = layoutWaterfall(log(
      created,
      { type: "step_created", at: 1000, correlationId: "step_a", stepName: "step//a.ts//x", input: "[[]]" },
      { type: "run_cancelled", at: 1400 },
    ), 9999);
    expect(w.rows[0]).toMatchObject({ status: "abandoned" });
    expect(w.rows[0].segments).toEqual([{ kind: "queued", from: 1000, to: 1400, open: false, attempt: 1 }]);
    expect(layoutWaterfall([], 42)).toEqual({ rows: [], startAt: 42, endAt: 42, live: true });
  });

  it("gives state at any prefix of the log (time travel)", () => {
    const events = log(
      created,
      { type: "step_created", at: 1000, correlationId: "step_a", stepName: "step//a.ts//x", input: "[[]]" },
      { type: "step_started", at: 1100, correlationId: "step_a", attempt: 1 },
      { type: "step_completed", at: 1300, correlationId: "step_a", result: "[1]" },
    );
    const at = (i: number) => layoutWaterfall(events.slice(0, i + 1), events[i].createdAt).rows[0]?.status;
    expect([0, 1, 2, 3].map(at)).toEqual([undefined, "queued", "running", "completed"]);
  });
});

describe("waterfall helpers", () => {
  it("maps times to percent and picks round ticks", () => {
    const w = { rows: [], startAt: 1000, endAt: 3000, live: false };
    expect(toPercent(w, 2000)).toBe(50);
    expect(toPercent(w, 0)).toBe(0);
    expect(axisTicks(w)).toEqual([0, 500, 1000, 1500, 2000]);
    expect(shortStepName("step//src/a.ts//obj/method")).toBe("obj/method");
    expect(shortStepName(undefined)).toBe("step");
  });
});
