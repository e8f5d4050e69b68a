import { describe, expect, it } from "vitest";
import { computeWindow, scrollIntoView } from "./virtual-window.ts";
import { formatRoute, parseRoute } from "./route.ts";
import { groupFrames, parseStack } from "./parse-stack.ts";
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

  it("keeps the list's filters and the time-travel position in the hash query", () => {
    expect(parseRoute("#/?status=failed&workflow=workflow%2F%2Fa.ts%2F%2Fw&q=ada+lovelace")).toEqual({
      view: "runs",
      filter: { status: "failed", workflow: "workflow//a.ts//w", search: "ada lovelace" },
    });
    expect(parseRoute("#/runs/wrun_1/events?status=running&at=12")).toEqual({
      view: "run", runId: "wrun_1", tab: "events", filter: { status: "running" }, at: 12,
    });
    // Unknown statuses, cursors that are not indices and a cursor on the list are dropped.
    expect(parseRoute("#/?status=nope&at=3")).toEqual({ view: "runs" });
    expect(parseRoute("#/runs/wrun_1?at=-1")).toEqual({ view: "run", runId: "wrun_1", tab: "timeline" });
    for (const hash of ["#/?status=failed", "#/runs/wrun_1/steps/step_2?q=x&at=4", "#/runs/wrun_1?workflow=w&at=0"]) {
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
  it("tells user frames from library and Node frames and groups the internal ones", () => {
    const { header, frames } = parseStack(
      "Error: boom\n    at chargeCard (/app/workflows/pay.ts:12:9)\n    at run (/app/node_modules/x/index.js:1:1)\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
    );
    expect(header).toBe("Error: boom");
    expect(frames.map((f) => [f.fn, f.user])).toEqual([["chargeCard", true], ["run", false], ["process.processTicksAndRejections", false]]);
    expect(groupFrames(frames).map((group) => (group.kind === "user" ? group.frame.fn : group.frames.length))).toEqual(["chargeCard", 2]);
    expect(parseStack(undefined)).toEqual({ header: "", frames: [] });
  });

  it("formats durations", () => {
    expect([5, 1234, 65_000, 3_700_000].map(formatDuration)).toEqual(["5ms", "1.23s", "1m 05s", "1h 01m"]);
  });
});
