import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import type { WorkflowEvent } from "../events/event.ts";
import { createFsWorld } from "../world/fs/create-fs-world.ts";
import { RUN_TAKEOVER_MS, type World } from "../world/world.ts";
import { loadFixture } from "./__fixtures__/harness.ts";
import { createRuntime, type Runtime } from "./create-runtime.ts";

// Two world instances on one data dir stand for two processes: each has its own owner id.
let fixture: Awaited<ReturnType<typeof loadFixture>>;
beforeAll(async () => {
  fixture = await loadFixture("hooks.ts");
});

const HOLDS_TOKEN = "workflow//runtime/engine/__fixtures__/hooks.ts//holdsToken";
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).toReversed()) await cleanup();
});

async function openRuntime(dataDir: string, wrap: (world: World) => World = (world) => world): Promise<{ runtime: Runtime; world: World; close(): Promise<void> }> {
  const world = wrap(await createFsWorld({ dataDir }));
  const runtime = createRuntime({ world, workflowBundle: () => fixture.bundle });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await runtime.close();
    await world.close();
  };
  cleanups.push(close);
  return { runtime, world, close };
}

function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "wf-ownership-"));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const hasEvent = (world: World, runId: string, type: WorkflowEvent["type"]) => async () =>
  ((await world.readEvents(runId)) ?? []).find((event) => event.type === type);

describe("run ownership in the engine", () => {
  test("a payload delivered through a non-owner is appended for the owner, which resumes the run", async () => {
    const dataDir = tempDataDir();
    const a = await openRuntime(dataDir);
    const b = await openRuntime(dataDir);
    const token = `own-${Date.now()}-a`;
    const { runId } = await a.runtime.start(HOLDS_TOKEN, [token]);
    await until(hasEvent(a.world, runId, "hook_created"), "the hook");
    expect(await b.world.owners.claim(runId)).toBe(a.world.owners.self);
    await b.runtime.resumeHook(token, "through b");
    const completed = await until(hasEvent(a.world, runId, "run_completed"), "the run to complete");
    expect(completed.type).toBe("run_completed");
    // The owner kept the run throughout; the other instance never took it.
    const events = (await a.world.readEvents(runId))!;
    expect(events.filter((event) => event.type === "run_started")).toHaveLength(1);
  });

  test("a run whose owner's world closed is taken over by the other instance within RUN_TAKEOVER_MS", async () => {
    const dataDir = tempDataDir();
    const a = await openRuntime(dataDir);
    const b = await openRuntime(dataDir);
    const token = `own-${Date.now()}-b`;
    const { runId } = await a.runtime.start(HOLDS_TOKEN, [token]);
    await until(hasEvent(a.world, runId, "hook_created"), "the hook");
    await a.close();
    const closedAt = Date.now();
    await until(async () => ((await b.world.owners.claim(runId)) === b.world.owners.self ? true : undefined), "the takeover", 2 * RUN_TAKEOVER_MS);
    expect(Date.now() - closedAt).toBeLessThan(RUN_TAKEOVER_MS);
    await b.runtime.resumeHook(token, "after takeover");
    await until(hasEvent(b.world, runId, "run_completed"), "the run to complete");
  });

  test("a start() whose creation fails after the run was stored leaves the run to a takeover, not held", async () => {
    const dataDir = tempDataDir();
    const failing = await openRuntime(dataDir, (world) => ({
      ...world,
      createRun: async (request) => {
        await world.createRun(request);
        throw new Error("the disk went away after the write");
      },
    }));
    const other = await openRuntime(dataDir);
    await expect(failing.runtime.start(HOLDS_TOKEN, [`own-${Date.now()}-c`])).rejects.toThrow("the disk went away");
    const [runId] = await until(async () => {
      const orphaned = await other.world.owners.listOrphaned();
      return orphaned.length > 0 ? orphaned : undefined;
    }, "the run to be orphaned");
    const { token } = (await other.world.hooks.listByRun(runId))[0];
    await other.runtime.resumeHook(token, "taken over");
    await until(hasEvent(other.world, runId, "run_completed"), "the run to complete");
  });
});
