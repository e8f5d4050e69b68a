import { describe, expect, it } from "vitest";
import { EVENT_ID_RE, isCorrelationId, isRunId, runUlidOf } from "./ids.ts";

const ULID = "01JD8Z3K4M5N6P7Q8R9S0T1V2W";

describe("log ids", () => {
  it("accepts run ids the world issues", () => {
    expect(isRunId(`wrun_${ULID}`)).toBe(true);
    expect(runUlidOf(`wrun_${ULID}`)).toBe(ULID);
    expect(EVENT_ID_RE.test(`evnt_${ULID}`)).toBe(true);
  });

  it.each([
    ["lower case", `wrun_${ULID.toLowerCase()}`],
    ["too short", "wrun_01ABC"],
    ["too long", `wrun_${ULID}0`],
    ["excluded letter", `wrun_${ULID.slice(0, 25)}U`],
    ["beyond 48-bit time", `wrun_8${ULID.slice(1)}`],
    ["path traversal", "wrun_../../etc"],
    ["wrong prefix", `evnt_${ULID}`],
    ["not a string", 42],
  ])("rejects a run id that is %s", (_, value) => {
    expect(isRunId(value)).toBe(false);
    expect(runUlidOf(value)).toBeUndefined();
  });

  it("tells correlation ids by their prefix", () => {
    expect(isCorrelationId(`step_${ULID}_1`)).toBe(true);
    expect(isCorrelationId(`wait_${ULID}_2`)).toBe(true);
    expect(isCorrelationId(`hook_${ULID}_3`)).toBe(true);
    expect(isCorrelationId(`wrun_${ULID}`)).toBe(false);
    expect(isCorrelationId("step_../x")).toBe(false);
  });
});
