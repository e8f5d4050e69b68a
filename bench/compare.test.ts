import { describe, expect, it } from "vitest";
import { compareCell } from "./compare.ts";

describe("compareCell", () => {
  const floors = { fs: 0.2, pg: 1 };

  it("divides an ms figure by the floor of its sequential writes and says how much faster than upstream", () => {
    expect(compareCell(60, "ms", { floor: "fs", writes: 100, upstream: [{ label: "5.0β", value: 1143 }] }, floors)).toBe("3.0× floor · 19× faster than 5.0β");
  });

  it("compares a throughput by its time per step, higher being better", () => {
    expect(compareCell(2500, "steps/s", { floor: "fs", upstream: [{ label: "4.8.9", value: 71 }, { label: "x", value: 5000 }] }, floors)).toBe(
      "2.0× floor · 35× faster than 4.8.9 · 2.0× slower than x",
    );
  });

  it("leaves out a floor that was not measured, and rows without a comparison or a figure", () => {
    expect(compareCell(10, "ms", { floor: "pg", upstream: [{ label: "5.0β pg", value: 98 }] }, { fs: 0.2 })).toBe("9.8× faster than 5.0β pg");
    expect(compareCell(10, "ms", undefined, floors)).toBe("");
    expect(compareCell(Number.NaN, "ms", { floor: "fs" }, floors)).toBe("");
  });
});
