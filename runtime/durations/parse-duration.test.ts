import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { WorkflowError } from "../errors/workflow-error.ts";
import { parseDuration, type DurationInput } from "./parse-duration.ts";

const NOW = 1_700_000_000_000;

describe("parseDuration", () => {
  it.each([
    { input: "1s", expected: NOW + 1000 },
    { input: "1m", expected: NOW + 60_000 },
    { input: "7 days", expected: NOW + 7 * 86_400_000 },
    { input: "1000ms", expected: NOW + 1000 },
    { input: "1.5s", expected: NOW + 1500 },
    { input: "10", expected: NOW + 10 },
    { input: 0, expected: NOW },
    { input: 250, expected: NOW + 250 },
    { input: 0.6, expected: NOW + 1 },
    { input: new Date(NOW + 5), expected: NOW + 5 },
    { input: new Date(NOW - 5), expected: NOW - 5 },
  ])("$input → now + offset", ({ input, expected }) => {
    expect(parseDuration(input as DurationInput, NOW)).toBe(expected);
  });

  it("accepts a Date from another realm", () => {
    const date = vm.runInContext(`new Date(${NOW + 42})`, vm.createContext({}));
    expect(parseDuration(date, NOW)).toBe(NOW + 42);
  });

  it.each([
    { input: "x", message: 'Invalid duration: "x". Expected a valid duration string like "1s", "1m", "1h", etc.' },
    { input: "", message: 'Invalid duration: "". Expected a valid duration string like "1s", "1m", "1h", etc.' },
    { input: "-1s", message: 'Invalid duration: "-1s". Expected a valid duration string like "1s", "1m", "1h", etc.' },
    { input: -1, message: "Invalid duration: -1. Expected a non-negative finite number of milliseconds." },
    { input: Number.NaN, message: "Invalid duration: NaN. Expected a non-negative finite number of milliseconds." },
    { input: Infinity, message: "Invalid duration: Infinity. Expected a non-negative finite number of milliseconds." },
    { input: new Date(Number.NaN), message: "Invalid duration: Invalid Date. Expected a valid Date." },
    { input: null as never, message: 'Invalid duration: null. Expected a duration string like "1s"' },
  ])("rejects $input with the documented text", ({ input, message }) => {
    let thrown: unknown;
    try {
      parseDuration(input as DurationInput, NOW);
    } catch (error) {
      thrown = error;
    }
    expect(WorkflowError.is(thrown)).toBe(true);
    expect((thrown as WorkflowError).code).toBe("ERR_INVALID_DURATION");
    expect((thrown as WorkflowError).message.startsWith(message)).toBe(true);
  });
});
