import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import type { StepCompletedEvent, StepFailedEvent } from "../events/event.ts";
import { reduceRun } from "../events/reduce-run.ts";
import { createFsWorld } from "../world/fs/create-fs-world.ts";
import { loadFixture } from "./__fixtures__/harness.ts";
import { createRuntime } from "./create-runtime.ts";
import { onStepLog } from "./step-log-capture.ts";
import { STEP_LOG_LIMITS, type StepLogNotice } from "./step-log-recorder.ts";

let fixture: Awaited<ReturnType<typeof loadFixture>>;
const dirs: string[] = [];
beforeAll(async () => {
  fixture = await loadFixture("step-logs.ts");
});
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const WORKFLOW = "workflow//runtime/engine/__fixtures__/step-logs.ts//logsEveryAttempt";

async function runToEnd(args: unknown[]) {
  const dataDir = mkdtempSync(join(tmpdir(), "wf-step-logs-"));
  dirs.push(dataDir);
  const world = await createFsWorld({ dataDir });
  // A fast retry: the first attempt fails on purpose.
  const runtime = createRuntime({ world, workflowBundle: () => fixture.bundle });
  try {
    const { runId } = await runtime.start(WORKFLOW, args);
    await runtime.waitForRun(runId);
    return { runId, events: (await world.readEvents(runId)) ?? [] };
  } finally {
    await runtime.close();
    await world.close();
  }
}

test("console output of each attempt is stored with its outcome, shown per attempt, and announced live", async () => {
  const live: StepLogNotice[] = [];
  const stop = onStepLog((notice) => live.push(notice));
  const terminal = vi.spyOn(console, "log");
  try {
    const { runId, events } = await runToEnd(["per-attempt", 2]);
    const failed = events.find((event) => event.type === "step_failed") as StepFailedEvent;
    const completed = events.find((event) => event.type === "step_completed") as StepCompletedEvent;
    expect(failed.logs?.map((line) => [line.level, line.text])).toEqual([
      ["log", "attempt 1 { key: 'per-attempt' }"],
      ["info", "line 1"],
      ["error", "giving up on attempt 1"],
    ]);
    expect(completed.logs?.map((line) => [line.level, line.text])).toEqual([
      ["log", "attempt 2 { key: 'per-attempt' }"],
      ["info", "line 1"],
      ["warn", "done"],
    ]);
    expect(completed.logs?.[0].at).toBeGreaterThanOrEqual(failed.createdAt);

    const step = Object.values(reduceRun(events).steps)[0];
    expect(step.attempts.map((attempt) => attempt.logs?.length)).toEqual([3, 3]);
    expect(step.attempts[1].logs?.[2]).toMatchObject({ level: "warn", text: "done" });

    const mine = live.filter((notice) => notice.runId === runId);
    expect(mine.map((notice) => [notice.attempt, notice.line.text])).toEqual([
      [1, "attempt 1 { key: 'per-attempt' }"],
      [1, "line 1"],
      [1, "giving up on attempt 1"],
      [2, "attempt 2 { key: 'per-attempt' }"],
      [2, "line 1"],
      [2, "done"],
    ]);
    expect(mine[0].stepId).toBe(step.stepId);
    // The terminal still gets the output.
    expect(terminal.mock.calls.some((args) => args[0] === "attempt" && args[1] === 2)).toBe(true);
  } finally {
    stop();
    terminal.mockRestore();
  }
}, 30_000);

test("an attempt keeps at most the bounded number of lines and counts the rest", async () => {
  const { events } = await runToEnd(["bounded", STEP_LOG_LIMITS.lines + 50]);
  const completed = events.find((event) => event.type === "step_completed") as StepCompletedEvent;
  expect(completed.logs).toHaveLength(STEP_LOG_LIMITS.lines);
  // 1 "attempt" line + (lines - 1) info lines + "done" = lines + 51 printed.
  expect(completed.logsDropped).toBe(51);
}, 30_000);
