import { beforeAll, describe, expect, test } from "vitest";
import type { RunCreatedEvent, WorkflowEvent } from "../events/event.ts";
import { start } from "../api/index.ts";
import { compileWorkflowBundle } from "../sandbox/compile-workflow-bundle.ts";
import { createSandbox } from "../sandbox/create-sandbox.ts";
import { createTestRuntime, loadFixture } from "./__fixtures__/harness.ts";
import { createRunExecutor } from "./run-executor.ts";
import { createWorkflowContext } from "./create-workflow-context.ts";

let fixture: Awaited<ReturnType<typeof loadFixture>>;
beforeAll(async () => {
  fixture = await loadFixture("basic.ts");
});

/** The parts of an event that must be identical however the run was executed. */
function shape(event: WorkflowEvent): Record<string, unknown> {
  const { eventId: _id, createdAt: _at, runId: _run, ...rest } = event as WorkflowEvent & Record<string, unknown>;
  for (const key of ["seed", "retryAt", "resumeAt", "error"]) delete rest[key];
  if (event.type === "step_failed") rest.errorMessage = event.error.message;
  return rest;
}

/** `parallel`: steps run concurrently, so the queue may finish them in another order; compared per call. */
const CASES: Array<{ name: string; args: unknown[]; parallel?: boolean }> = [
  { name: "seq", args: [6] },
  { name: "par", args: [12], parallel: true },
  { name: "callbacks", args: [[1, 2, 3, 4, 5, 6]], parallel: true },
  { name: "catchesFatal", args: [] },
  { name: "retrying", args: ["replay-key", 1] },
  { name: "throws", args: ["nope"] },
];

type Shaped = Array<Record<string, unknown>>;
const creations = (events: Shaped) => events.filter((event) => String(event.type).endsWith("_created"));
function byCall(events: Shaped): Record<string, unknown[]> {
  const groups: Record<string, unknown[]> = {};
  for (const event of events) (groups[String(event.correlationId ?? "run")] ??= []).push(event);
  return groups;
}

async function record(maxLiveRuns: number) {
  // One step at a time, so concurrent steps finish in the same order in both executions.
  const env = await createTestRuntime(fixture.bundle, { maxLiveRuns, stepConcurrency: 1 });
  try {
    const logs: Record<string, WorkflowEvent[]> = {};
    for (const { name, args } of CASES) {
      const run = await start(fixture.module[name], args);
      await run.returnValue.catch(() => undefined);
      logs[name] = (await env.world.readEvents(run.runId))!;
    }
    return logs;
  } finally {
    await env.close();
  }
}

describe("hot path and replay produce the same log", () => {
  test("forced replay after every event matches the hot path, event by event", async () => {
    const hot = await record(1000);
    const replayed = await record(0);
    for (const { name, parallel } of CASES) {
      const normalize = (events: WorkflowEvent[]) =>
        events.map((event) => {
          const s = shape(event);
          // Correlation ids embed the run's ULID; compare their call numbers.
          return JSON.parse(JSON.stringify(s).replaceAll(/(step|wait|hook)_[0-9A-Z]{26}_/g, "$1_"));
        });
      const [a, b] = [normalize(replayed[name]), normalize(hot[name])];
      if (!parallel) {
        expect(a, name).toEqual(b);
        continue;
      }
      // Same calls created in the same order, and the same history for every call.
      expect(creations(a), name).toEqual(creations(b));
      expect(byCall(a), name).toEqual(byCall(b));
    }
  });

  test("replaying a recorded log reproduces Date, Math.random and crypto.randomUUID after Promise.race", async () => {
    const env = await createTestRuntime(fixture.bundle);
    let events: WorkflowEvent[];
    try {
      const run = await start(fixture.module.racer);
      await run.returnValue;
      events = (await env.world.readEvents(run.runId))!;
    } finally {
      await env.close();
    }
    const completed = events.at(-1)!;
    expect(completed.type).toBe("run_completed");
    const outcome = await replay(events.slice(0, -1));
    expect(outcome).toEqual({ type: "completed", output: (completed as { output: string }).output });
  });

  test("a log that does not match the code fails with ReplayDivergenceError naming both sides", async () => {
    const env = await createTestRuntime(fixture.bundle);
    let events: WorkflowEvent[];
    try {
      const run = await start(fixture.module.seq, [2]);
      await run.returnValue;
      events = (await env.world.readEvents(run.runId))!;
    } finally {
      await env.close();
    }
    const tampered = events.slice(0, -1).map((event) => (event.type === "step_created" ? { ...event, stepName: "step//elsewhere.ts//other" } : event));
    const outcome = await replay(tampered);
    expect(outcome?.type).toBe("failed");
    const error = (outcome as { error: { code?: string; message: string } }).error;
    expect(error.code).toBe("ERR_REPLAY_DIVERGENCE");
    expect(error.message).toContain("step//elsewhere.ts//other");
    expect(error.message).toContain("basic.ts//add");
    expect(error.message).toContain(events[0].runId);
  });
});

async function replay(events: WorkflowEvent[]) {
  const sandbox = createSandbox(compileWorkflowBundle(fixture.bundle));
  const runCreated = events[0] as RunCreatedEvent;
  const executor = createRunExecutor({ sandbox, runCreated, recorded: events });
  sandbox.bind({ seed: runCreated.seed, now: runCreated.createdAt, context: createWorkflowContext(executor, { url: "http://x" }) });
  for (const event of events) await executor.feed(event);
  return executor.outcome;
}

