import { describe, expect, it } from "vitest";
import { createPortPicker, parseBenchPorts } from "./bench-ports.ts";

describe("BENCH_PORTS", () => {
  it("reads ports and ranges in order; unset means none", () => {
    expect(parseBenchPorts("5160-5162, 5170")).toEqual([5160, 5161, 5162, 5170]);
    expect(parseBenchPorts(undefined)).toEqual([]);
    expect(parseBenchPorts(" ")).toEqual([]);
  });

  it("rejects what is not a port, naming the part and an example", () => {
    for (const bad of ["51a0", "0", "70000", "5169-5160", "5160-"]) {
      expect(() => parseBenchPorts(bad)).toThrow(/BENCH_PORTS: ".*" is not a port.*BENCH_PORTS=5160-5169/);
    }
  });

  it("hands the ports out one by one and says when they run out", () => {
    const pick = createPortPicker([5160, 5161]);
    expect([pick(), pick()]).toEqual([5160, 5161]);
    expect(() => pick()).toThrow(/lists 2 ports/);
    expect(createPortPicker([])()).toBeUndefined();
  });
});
