import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { NewWorkflowEvent } from "../events/event.ts";
import { createFsWorld } from "../world/fs/create-fs-world.ts";
import { createMemoryWorld } from "../world/memory/create-memory-world.ts";
import type { World } from "../world/world.ts";
import { loadFixture } from "./__fixtures__/harness.ts";
import { createRuntime } from "./create-runtime.ts";

let fixture: Awaited<ReturnType<typeof loadFixture>>;
const dirs: string[] = [];
beforeAll(async () => {
  fixture = await loadFixture("basic.ts");
});
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const WORKFLOW = (name: string) => `workflow//runtime/engine/__fixtures__/basic.ts//${name}`;

/** A world whose `method` rejects once, on the first call `matches` accepts. */
function failOnce<K extends "appendEvents" | "listActiveRunIds">(world: World, method: K, matches: (...args: Parameters<World[K]>) => boolean) {
  const state = { failed: false };
  const original = world[method].bind(world) as (...args: unknown[]) => Promise<unknown>;
  const wrapped = ((...args: Parameters<World[K]>) => {
    if (!state.failed && matches(...args)) {
      state.failed = true;
      return Promise.reject(new Error(`injected ${method} failure`));
    }
    return original(...args);
  }) as World[K];
  return { world: { ...world, [method]: wrapped } as World, state };
}

const hasType = (events: NewWorkflowEvent[], type: NewWorkflowEvent["type"]) => events.some((event) => event.type === type);

const WORLDS: Array<[string, () => Promise<World>]> = [
  [
    "filesystem world",
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), "wf-redelivery-"));
      dirs.push(dataDir);
      return createFsWorld({ dataDir });
    },
  ],
  ["memory world", async () => createMemoryWorld()],
];

async function runToEnd(world: World, workflow: string, args: unknown[]) {
  const runtime = createRuntime({ world, workflowBundle: () => fixture.bundle });
  try {
    const { runId } = await runtime.start(WORKFLOW(workflow), args);
    await runtime.waitForRun(runId);
    return { runId, events: (await world.readEvents(runId)) ?? [] };
  } finally {
    await runtime.close();
  }
}

describe.each(WORLDS)("%s", (_name, openWorld) => {
  describe("a handler that throws is delivered again, without a restart", () => {
    test("a step run in-process whose outcome cannot be stored runs again and the run completes", async () => {
      const base = await openWorld();
      const { world, state } = failOnce(base, "appendEvents", (_runId, events) => hasType(events, "step_completed"));
      const { events } = await runToEnd(world, "seq", [2]);
      expect(state.failed).toBe(true);
      expect(events.at(-1)?.type).toBe("run_completed");
      expect(events.filter((event) => event.type === "step_completed")).toHaveLength(2);
      // The attempt whose outcome was lost counts: the first step ran a second, recorded attempt.
      expect(events.filter((event) => event.type === "step_started").map((event) => (event as { attempt: number }).attempt)).toEqual([1, 2, 1]);
      await base.close();
    }, 20_000);

    test("a queued step retry whose outcome cannot be stored is delivered again by the queue", async () => {
      const base = await openWorld();
      // The retry (attempt 2, delivered by the queue) completes; storing that completion fails once.
      const { world, state } = failOnce(base, "appendEvents", (_runId, events) => hasType(events, "step_completed"));
      const { events } = await runToEnd(world, "retrying", ["queued-retry", 1]);
      expect(state.failed).toBe(true);
      expect(events.at(-1)?.type).toBe("run_completed");
      expect(events.filter((event) => event.type === "step_completed")).toHaveLength(1);
      await base.close();
    }, 20_000);

    test("a due sleep whose wake-up cannot be stored is delivered again", async () => {
      const base = await openWorld();
      const { world, state } = failOnce(base, "appendEvents", (_runId, events) => hasType(events, "wait_completed"));
      const { events } = await runToEnd(world, "sleeper", [20]);
      expect(state.failed).toBe(true);
      expect(events.at(-1)?.type).toBe("run_completed");
      expect(events.filter((event) => event.type === "wait_completed")).toHaveLength(1);
      await base.close();
    }, 20_000);
  });

  describe("recovery", () => {
    test("a failed recovery is tried again and the unfinished run completes", async () => {
      const base = await openWorld();
      // Recorded by a process that did not execute it (no consumer), like a run left by a crash.
      const recorder = createRuntime({ world: base, workflowBundle: () => fixture.bundle, consume: false });
      const { runId } = await recorder.start(WORKFLOW("seq"), [2]);
      await recorder.close();
      const { world, state } = failOnce(base, "listActiveRunIds", () => true);
      const runtime = createRuntime({ world, workflowBundle: () => fixture.bundle });
      try {
        await runtime.waitForRun(runId);
        expect(state.failed).toBe(true);
        expect((await base.readEvents(runId))?.at(-1)?.type).toBe("run_completed");
      } finally {
        await runtime.close();
        await base.close();
      }
    }, 20_000);
  });
});
