import { describe, expect, it } from "vitest";
import { RUN_STATUS, TERMINAL_RUN_EVENTS as FROM_EVENT_MODULE, type WorkflowEventType } from "./event.ts";
import { reduceRun } from "./reduce-run.ts";
import { isTerminalRunEvent, isTerminalStatus, TERMINAL_RUN_EVENTS, terminalStatusOf } from "./terminal-events.ts";

const ALL_TYPES: WorkflowEventType[] = [
  "run_created", "run_started", "run_completed", "run_failed", "run_cancelled",
  "step_created", "step_started", "step_completed", "step_failed", "step_retrying",
  "hook_created", "hook_received", "hook_disposed", "wait_created", "wait_completed", "stream_opened",
];

describe("terminal run events", () => {
  it.each([
    ["run_completed", "completed"],
    ["run_failed", "failed"],
    ["run_cancelled", "cancelled"],
  ] as const)("%s ends the run as %s", (type, status) => {
    expect(isTerminalRunEvent({ type })).toBe(true);
    expect(terminalStatusOf(type)).toBe(status);
    expect(isTerminalStatus(status)).toBe(true);
  });

  it("no other event type ends a run", () => {
    const others = ALL_TYPES.filter((type) => !type.startsWith("run_") || type === "run_created" || type === "run_started");
    for (const type of others) {
      expect(isTerminalRunEvent({ type }), type).toBe(false);
      expect(terminalStatusOf(type), type).toBeUndefined();
    }
    expect(terminalStatusOf("toString")).toBeUndefined();
  });

  it("pending and running are not terminal statuses", () => {
    expect(isTerminalStatus(RUN_STATUS.pending)).toBe(false);
    expect(isTerminalStatus(RUN_STATUS.running)).toBe(false);
  });

  it("is defined once: event.ts exports the same set", () => {
    expect(FROM_EVENT_MODULE).toBe(TERMINAL_RUN_EVENTS);
    expect([...TERMINAL_RUN_EVENTS].toSorted()).toEqual(["run_cancelled", "run_completed", "run_failed"]);
  });

  it("agrees with the fold: the status the first terminal event gives is the run's status", () => {
    for (const type of TERMINAL_RUN_EVENTS) {
      const base = { runId: "wrun_01JD8Z3K4M5N6P7Q8R9S0T1V2W", createdAt: 2 };
      const state = reduceRun([
        { ...base, eventId: "evnt_1", type: "run_started" },
        { ...base, eventId: "evnt_2", type, output: "[1]", error: { name: "Error", message: "x" } } as never,
      ]);
      expect(state.status).toBe(terminalStatusOf(type));
    }
  });
});
