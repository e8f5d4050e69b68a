import { describe, expect, it } from "vitest";
import { cpuCeiling, startCpuMeter } from "./cpu-per-step.ts";

describe("CPU per step of a measured stretch", () => {
  it("divides what the server and this process used by the steps", () => {
    const readings = [1_000, 1_400];
    const meter = startCpuMeter(() => readings.shift());
    const t = process.cpuUsage();
    while (process.cpuUsage(t).user < 50_000); // 50 ms of this process's CPU
    const perStep = meter.stop(100)!;
    expect(perStep.server).toBe(4);
    expect(perStep.client).toBeGreaterThanOrEqual(0.5);
  });

  it("is undefined when the server's CPU cannot be read", () => {
    expect(startCpuMeter(() => undefined).stop(10)).toBeUndefined();
  });

  it("bounds steps per second by the cores: 2 cores at 0.8 ms per step allow 2,500", () => {
    expect(cpuCeiling({ server: 0.5, client: 0.3 }, 2)).toBeCloseTo(2_500);
    expect(cpuCeiling({ server: 1, client: 0.25 }, 2)).toBeCloseTo(1_600);
  });
});
