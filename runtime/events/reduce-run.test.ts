import { describe, expect, it } from "vitest";
import type { WorkflowEvent } from "./event.ts";
import { applyEvent, cloneRunState, createRunState, reduceRun, type RunState } from "./reduce-run.ts";

type Draft = { type: string; [key: string]: unknown };

/** Builds a log: event ids and timestamps increase by one from 1000. */
function log(...drafts: Draft[]): WorkflowEvent[] {
  return drafts.map((draft, index) => ({
    runId: "wrun_1",
    eventId: `evnt_${index}`,
    createdAt: 1000 + index,
    ...draft,
  })) as WorkflowEvent[];
}

/** Like toMatchObject, except that an `undefined` expectation means "absent or undefined". */
function expectFields(actual: object | undefined, expected: Record<string, unknown>): void {
  expect(actual).toBeDefined();
  for (const [key, value] of Object.entries(expected)) {
    const field = (actual as Record<string, unknown>)[key];
    if (value === undefined) expect(field, key).toBeUndefined();
    else if (typeof value === "object" && value !== null) expect(field, key).toMatchObject(value);
    else expect(field, key).toBe(value);
  }
}

const created: Draft = { type: "run_created", workflowName: "workflow//w.ts//main", input: "[[1],5]", seed: "s1" };
const started: Draft = { type: "run_started" };
const step = (type: string, extra: Record<string, unknown> = {}): Draft => ({ type, correlationId: "step_1", ...extra });
const stepCreated = step("step_created", { stepName: "step//w.ts//add", input: "[[1],2]" });
const err = { name: "Error", message: "boom" };

const CASES: Array<{ name: string; events: WorkflowEvent[]; expected: Record<string, unknown> }> = [
  { name: "empty log", events: [], expected: { status: "pending", eventCount: 0, steps: {}, waits: {}, hooks: {} } },
  {
    name: "created only: pending",
    events: log(created),
    expected: { status: "pending", workflowName: "workflow//w.ts//main", input: "[[1],5]", seed: "s1", createdAt: 1000, runId: "wrun_1" },
  },
  { name: "started: running", events: log(created, started), expected: { status: "running", startedAt: 1001 } },
  {
    name: "completed",
    events: log(created, started, { type: "run_completed", output: "[6]" }),
    expected: { status: "completed", output: "[6]", completedAt: 1002 },
  },
  {
    name: "failed",
    events: log(created, started, { type: "run_failed", error: err }),
    expected: { status: "failed", error: err, completedAt: 1002 },
  },
  {
    name: "cancelled with reason",
    events: log(created, started, { type: "run_cancelled", reason: "user" }),
    expected: { status: "cancelled", cancelReason: "user", completedAt: 1002 },
  },
  {
    name: "a second terminal run event is ignored",
    events: log(created, started, { type: "run_completed", output: "[6]" }, { type: "run_failed", error: err }),
    expected: { status: "completed", output: "[6]", completedAt: 1002, error: undefined },
  },
  {
    name: "run_started after the end does not reopen the run",
    events: log(created, { type: "run_cancelled" }, started),
    expected: { status: "cancelled", startedAt: undefined },
  },
  {
    name: "unknown event types are skipped but counted",
    events: log(created, { type: "workflow_paused" }, started),
    expected: { status: "running", eventCount: 3, lastEventId: "evnt_2", updatedAt: 1002 },
  },
];

describe("reduceRun: run", () => {
  it.each(CASES)("$name", ({ events, expected }) => {
    expectFields(reduceRun(events), expected);
  });
});

const STEP_CASES: Array<{ name: string; events: WorkflowEvent[]; expected: Record<string, unknown> }> = [
  {
    name: "created: pending with input",
    events: log(created, started, stepCreated),
    expected: { stepId: "step_1", stepName: "step//w.ts//add", status: "pending", input: "[[1],2]", attempt: 0, attempts: [], createdAt: 1002 },
  },
  {
    name: "started: running",
    events: log(created, started, stepCreated, step("step_started", { attempt: 1 })),
    expected: { status: "running", attempt: 1, startedAt: 1003, attempts: [{ attempt: 1, startedAt: 1003 }] },
  },
  {
    name: "completed with result",
    events: log(created, started, stepCreated, step("step_started", { attempt: 1 }), step("step_completed", { result: "[3]" })),
    expected: {
      status: "completed",
      result: "[3]",
      completedAt: 1004,
      attempts: [{ attempt: 1, startedAt: 1003, endedAt: 1004, outcome: "completed" }],
    },
  },
  {
    name: "retried then completed",
    events: log(
      created,
      started,
      stepCreated,
      step("step_started", { attempt: 1 }),
      step("step_failed", { error: err, fatal: false }),
      step("step_retrying", { attempt: 2, retryAt: 5000 }),
      step("step_started", { attempt: 2 }),
      step("step_completed", { result: "[3]" }),
    ),
    expected: {
      status: "completed",
      attempt: 2,
      startedAt: 1003,
      completedAt: 1007,
      retryAt: undefined,
      attempts: [
        { attempt: 1, startedAt: 1003, endedAt: 1004, outcome: "failed", error: err },
        { attempt: 2, startedAt: 1006, endedAt: 1007, outcome: "completed" },
      ],
    },
  },
  {
    name: "waiting for a retry",
    events: log(created, started, stepCreated, step("step_started", { attempt: 1 }), step("step_failed", { error: err, fatal: false }), step("step_retrying", { attempt: 2, retryAt: 5000 })),
    expected: { status: "retrying", retryAt: 5000, error: err, completedAt: undefined },
  },
  {
    name: "fatal failure",
    events: log(created, started, stepCreated, step("step_started", { attempt: 1 }), step("step_failed", { error: err, fatal: true })),
    expected: { status: "failed", error: err, completedAt: 1004 },
  },
  {
    name: "duplicate step_completed is ignored",
    events: log(created, started, stepCreated, step("step_started", { attempt: 1 }), step("step_completed", { result: "[3]" }), step("step_completed", { result: "[4]" })),
    expected: { status: "completed", result: "[3]", completedAt: 1004 },
  },
  {
    name: "a failure after completion is ignored",
    events: log(created, started, stepCreated, step("step_started", { attempt: 1 }), step("step_completed", { result: "[3]" }), step("step_failed", { error: err, fatal: true })),
    expected: { status: "completed", error: undefined },
  },
  {
    name: "a duplicate step_started for the same attempt is ignored",
    events: log(created, started, stepCreated, step("step_started", { attempt: 1 }), step("step_started", { attempt: 1 })),
    expected: { status: "running", attempts: [{ attempt: 1, startedAt: 1003 }] },
  },
  {
    name: "old log without step_created",
    events: log(created, started, step("step_started", { attempt: 1 }), step("step_completed", { result: "[3]" })),
    expected: { stepName: "", status: "completed", result: "[3]", attempts: [{ attempt: 1, startedAt: 1002, endedAt: 1003, outcome: "completed" }] },
  },
  {
    name: "partial log: completion without a start",
    events: log(created, started, stepCreated, step("step_completed", { result: "[3]" })),
    expected: { status: "completed", attempt: 1, attempts: [{ attempt: 1, startedAt: 1003, endedAt: 1003, outcome: "completed" }] },
  },
];

describe("reduceRun: steps", () => {
  it.each(STEP_CASES)("$name", ({ events, expected }) => {
    expectFields(reduceRun(events).steps.step_1, expected);
  });

  it("keeps steps in the order they were created", () => {
    const state = reduceRun(log(created, { type: "step_created", correlationId: "step_b", stepName: "b", input: "[]" }, { type: "step_created", correlationId: "step_a", stepName: "a", input: "[]" }));
    expect(Object.keys(state.steps)).toEqual(["step_b", "step_a"]);
  });
});

describe("reduceRun: waits and hooks", () => {
  it.each([
    { name: "created", events: log(created, { type: "wait_created", correlationId: "wait_1", resumeAt: 9000 }), expected: { waitId: "wait_1", resumeAt: 9000, completed: false, createdAt: 1001 } },
    {
      name: "completed once",
      events: log(
        created,
        { type: "wait_created", correlationId: "wait_1", resumeAt: 9000 },
        { type: "wait_completed", correlationId: "wait_1" },
        { type: "wait_completed", correlationId: "wait_1" },
      ),
      expected: { completed: true, completedAt: 1002 },
    },
    { name: "completion without creation (old log)", events: log(created, { type: "wait_completed", correlationId: "wait_1" }), expected: { completed: true, completedAt: 1001 } },
  ])("wait $name", ({ events, expected }) => {
    expect(reduceRun(events).waits.wait_1).toMatchObject(expected);
  });

  it.each([
    {
      name: "created",
      events: log(created, { type: "hook_created", correlationId: "hook_1", token: "tok", kind: "webhook", metadata: "[1]" }),
      expected: { hookId: "hook_1", token: "tok", kind: "webhook", metadata: "[1]", receivedCount: 0, payloads: [], disposed: false },
    },
    {
      name: "received twice then disposed (twice)",
      events: log(
        created,
        { type: "hook_created", correlationId: "hook_1", token: "tok", kind: "hook" },
        { type: "hook_received", correlationId: "hook_1", payload: "[1]" },
        { type: "hook_received", correlationId: "hook_1", payload: "[2]" },
        { type: "hook_disposed", correlationId: "hook_1" },
        { type: "hook_disposed", correlationId: "hook_1" },
      ),
      expected: { receivedCount: 2, payloads: ["[1]", "[2]"], disposed: true, disposedAt: 1004 },
    },
    {
      name: "a duplicate hook_created keeps the first token",
      events: log(created, { type: "hook_created", correlationId: "hook_1", token: "a", kind: "hook" }, { type: "hook_created", correlationId: "hook_1", token: "b", kind: "hook" }),
      expected: { token: "a" },
    },
  ])("hook $name", ({ events, expected }) => {
    expect(reduceRun(events).hooks.hook_1).toMatchObject(expected);
  });
});

describe("applyEvent", () => {
  const events = log(
    created,
    started,
    stepCreated,
    step("step_started", { attempt: 1 }),
    step("step_completed", { result: "[3]" }),
    { type: "wait_created", correlationId: "wait_1", resumeAt: 9000 },
    { type: "wait_completed", correlationId: "wait_1" },
    { type: "run_completed", output: "[3]" },
  );

  it("reduceRun is the fold of applyEvent, event by event", () => {
    const state: RunState = createRunState();
    for (let index = 0; index < events.length; index++) {
      applyEvent(state, events[index]);
      expect(cloneRunState(state)).toEqual(reduceRun(events.slice(0, index + 1)));
    }
  });

  it("updates the state it is given and returns it; clones are independent", () => {
    const state = reduceRun(events.slice(0, 3));
    const snapshot = cloneRunState(state);
    expect(applyEvent(state, events[3])).toBe(state);
    expect(state.steps.step_1.status).toBe("running");
    expect(snapshot.steps.step_1.status).toBe("pending");
  });

  it("folds long logs in linear time", () => {
    const drafts: Draft[] = [created, started];
    for (let index = 0; index < 20_000; index++) {
      const correlationId = `step_${index}`;
      drafts.push(
        { type: "step_created", correlationId, stepName: "s", input: "[]" },
        { type: "step_started", correlationId, attempt: 1 },
        { type: "step_completed", correlationId, result: "[]" },
      );
    }
    const state = reduceRun(log(...drafts));
    expect(Object.keys(state.steps)).toHaveLength(20_000);
    expect(state.eventCount).toBe(60_002);
  });
});
