import { describe, expect, it } from "vitest";
import { computeWindow, scrollIntoView } from "./virtual-window.ts";
import { formatRoute, parseRoute } from "./route.ts";
import { editorLink, parseStack } from "./parse-stack.ts";
import { formatDuration } from "./format.ts";

describe("routes", () => {
  it("parses deep links and formats them back", () => {
    expect(parseRoute("")).toEqual({ view: "runs" });
    expect(parseRoute("#/runs/wrun_01ABC")).toEqual({ view: "run", runId: "wrun_01ABC", tab: "timeline" });
    expect(parseRoute("#/runs/wrun_01ABC/steps/step_3")).toEqual({ view: "run", runId: "wrun_01ABC", tab: "timeline", itemId: "step_3" });
    expect(parseRoute("#/runs/wrun_01ABC/events")).toEqual({ view: "run", runId: "wrun_01ABC", tab: "events" });
    expect(parseRoute("#/runs/<script>")).toEqual({ view: "runs" });
    for (const hash of ["#/", "#/runs/wrun_1", "#/runs/wrun_1/steps/step_2", "#/runs/wrun_1/waits/wait_2", "#/runs/wrun_1/streams"]) {
      expect(formatRoute(parseRoute(hash))).toBe(hash);
    }
  });
});

describe("virtual window", () => {
  it("renders only the visible rows plus overscan, for 10,000 rows", () => {
    const w = computeWindow({ count: 10_000, rowHeight: 32, scrollTop: 32 * 5000, viewportHeight: 640, overscan: 5 });
    expect(w).toEqual({ start: 4995, end: 5026, offsetTop: 4995 * 32, totalHeight: 320_000 });
    expect(computeWindow({ count: 3, rowHeight: 32, scrollTop: 0, viewportHeight: 640 })).toMatchObject({ start: 0, end: 3 });
    expect(scrollIntoView(30, 32, 0, 640)).toBe(31 * 32 - 640);
    expect(scrollIntoView(2, 32, 0, 640)).toBeUndefined();
    expect(scrollIntoView(1, 32, 100, 640)).toBe(32);
  });
});

describe("stack frames", () => {
  it("tells user frames from library and Node frames and links them to the editor", () => {
    const { header, frames } = parseStack(
      "Error: boom\n    at chargeCard (/app/workflows/pay.ts:12:9)\n    at run (/app/node_modules/x/index.js:1:1)\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
    );
    expect(header).toBe("Error: boom");
    expect(frames.map((f) => [f.fn, f.user])).toEqual([["chargeCard", true], ["run", false], ["process.processTicksAndRejections", false]]);
    expect(editorLink(frames[0])).toBe("/__open-in-editor?file=%2Fapp%2Fworkflows%2Fpay.ts%3A12%3A9");
    expect(parseStack(undefined)).toEqual({ header: "", frames: [] });
  });

  it("formats durations", () => {
    expect([5, 1234, 65_000, 3_700_000].map(formatDuration)).toEqual(["5ms", "1.23s", "1m 05s", "1h 01m"]);
  });
});
