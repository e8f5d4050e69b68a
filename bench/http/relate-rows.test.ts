import { describe, expect, it } from "vitest";
import { relativeCell } from "../compare.ts";
import { relateRows } from "./relate-rows.ts";

describe("relateRows", () => {
  const row = (key: string, value: number, unit = "ms") => ({ key, name: key, value, unit });

  it("gives each row the other target's figure of the same case", () => {
    const dev = [row("warm server: seq(100)", 66), row("warm server: throughput", 1500, "steps/s"), row("dev only", 3)];
    const prod = [row("warm server: throughput", 2000, "steps/s"), row("warm server: seq(100)", 60)];
    expect(relateRows(dev, prod, "prod").map((r) => r.relative)).toEqual([{ label: "prod", value: 60 }, { label: "prod", value: 2000 }, undefined]);
  });

  it("leaves a row alone when the other target measured the case in another unit", () => {
    expect(relateRows([row("size", 10, "KB")], [row("size", 10, "files")], "prod")[0].relative).toBeUndefined();
  });
});

describe("relativeCell", () => {
  it("says how much more time a figure takes than the other target's, per step for a throughput", () => {
    expect(relativeCell(66, "ms", { label: "prod", value: 60 })).toBe("10% slower than prod");
    expect(relativeCell(1500, "steps/s", { label: "prod", value: 2000 })).toBe("33% slower than prod");
    expect(relativeCell(2000, "steps/s", { label: "prod", value: 1500 })).toBe("25% faster than prod");
    expect(relativeCell(60.1, "ms", { label: "prod", value: 60 })).toBe("as fast as prod");
  });

  it("is empty for missing figures and for units that are not times or rates", () => {
    expect(relativeCell(Number.NaN, "ms", { label: "prod", value: 60 })).toBe("");
    expect(relativeCell(60, "ms", { label: "prod", value: Number.NaN })).toBe("");
    expect(relativeCell(60, "ms", undefined)).toBe("");
    expect(relativeCell(900, "files", { label: "prod", value: 900 })).toBe("");
  });
});
