import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { FatalError } from "../errors/fatal-error.ts";
import { ReplayDivergenceError } from "../errors/replay-divergence-error.ts";
import { WorkflowRunFailedError } from "../errors/run-errors.ts";
import { WorkflowError } from "../errors/workflow-error.ts";
import { fromRecordedError, toRecordedError } from "./recorded-error.ts";

describe("toRecordedError", () => {
  it("keeps name, message, stack, string code and the cause chain", () => {
    const error = Object.assign(new TypeError("outer", { cause: new Error("inner") }), { code: "E_OUTER" });
    const recorded = toRecordedError(error);
    expect(recorded).toEqual({
      name: "TypeError",
      message: "outer",
      stack: error.stack,
      code: "E_OUTER",
      cause: { name: "Error", message: "inner", stack: (error.cause as Error).stack },
    });
    expect(JSON.parse(JSON.stringify(recorded))).toEqual(recorded);
  });

  it.each([
    { thrown: "boom", expected: { name: "Error", message: "boom" } },
    { thrown: 42, expected: { name: "Error", message: "42" } },
    { thrown: { reason: "x" }, expected: { name: "Error", message: '{"reason":"x"}' } },
    { thrown: undefined, expected: { name: "Error", message: "undefined" } },
  ])("records a thrown non-error $thrown", ({ thrown, expected }) => {
    expect(toRecordedError(thrown)).toEqual(expected);
  });

  it("cuts cyclic cause chains", () => {
    const error = new Error("loop");
    (error as { cause?: unknown }).cause = error;
    let depth = 0;
    for (let recorded = toRecordedError(error); recorded.cause; recorded = recorded.cause) depth++;
    expect(depth).toBeLessThanOrEqual(16);
  });

  it("records errors from another realm", () => {
    const error = vm.runInContext(`new RangeError("far")`, vm.createContext({}));
    expect(toRecordedError(error)).toMatchObject({ name: "RangeError", message: "far" });
  });
});

describe("fromRecordedError", () => {
  it("rebuilds the error with its stack and cause chain", () => {
    const original = new FatalError("card declined");
    const rebuilt = fromRecordedError(toRecordedError(new Error("step failed", { cause: original })));
    expect(rebuilt).toBeInstanceOf(Error);
    expect(rebuilt.message).toBe("step failed");
    expect(FatalError.is(rebuilt.cause)).toBe(true);
    expect((rebuilt.cause as Error).stack).toBe(original.stack);
    expect(new WorkflowRunFailedError("wrun_1", rebuilt).message).toBe('Workflow run "wrun_1" failed: step failed');
  });

  it("restores WorkflowError identity for runtime codes only", () => {
    const divergence = new ReplayDivergenceError({ runId: "wrun_1", expected: "a", recorded: "b" });
    const rebuilt = fromRecordedError(toRecordedError(divergence));
    expect(WorkflowError.is(rebuilt)).toBe(true);
    expect(ReplayDivergenceError.is(rebuilt)).toBe(true);
    expect(WorkflowError.is(fromRecordedError({ name: "Error", message: "x", code: "ERR_INVALID_ARG_TYPE" }))).toBe(false);
  });

  it("builds the error in the given realm", () => {
    const context = vm.createContext({});
    const sandbox = vm.runInContext("globalThis", context) as typeof globalThis;
    const rebuilt = fromRecordedError({ name: "TypeError", message: "t", cause: { name: "FatalError", message: "f" } }, sandbox);
    const check = vm.runInContext(
      `e => e instanceof TypeError && e.cause instanceof Error && e.cause.name === "FatalError" && e.cause.stack === "FatalError: f"`,
      context,
    );
    expect(check(rebuilt)).toBe(true);
    expect(rebuilt instanceof Error).toBe(false);
  });
});
