import { describe, expect, it } from "vitest";
import { isSettlingEvent, settlementKey, settlingKey } from "./settling-events.ts";

describe("settling events", () => {
  it.each([
    [{ type: "step_completed", correlationId: "step_A_1" }, "step:step_A_1"],
    [{ type: "step_failed", correlationId: "step_A_1", fatal: true }, "step:step_A_1"],
    [{ type: "wait_completed", correlationId: "wait_A_2" }, "wait:wait_A_2"],
    [{ type: "hook_disposed", correlationId: "hook_A_3" }, "hook:hook_A_3"],
  ])("%o settles %s", (event, key) => {
    expect(isSettlingEvent(event)).toBe(true);
    expect(settlingKey(event)).toBe(key);
  });

  it.each([
    { type: "step_failed", correlationId: "step_A_1", fatal: false },
    { type: "step_failed", correlationId: "step_A_1" },
    { type: "step_started", correlationId: "step_A_1" },
    { type: "step_retrying", correlationId: "step_A_1" },
    { type: "hook_received", correlationId: "hook_A_3" },
    { type: "wait_created", correlationId: "wait_A_2" },
    { type: "run_completed" },
    { type: "constructor" },
  ])("%o settles nothing", (event) => {
    expect(isSettlingEvent(event)).toBe(false);
    expect(settlingKey(event)).toBeUndefined();
  });

  it("keys tell kinds apart, so a step and a wait with the same id never collide", () => {
    expect(settlementKey("step", "x")).not.toBe(settlementKey("wait", "x"));
    expect(settlingKey({ type: "hook_disposed", correlationId: "h" })).toBe(settlementKey("hook", "h"));
  });
});
