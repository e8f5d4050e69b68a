import { describe, expect, it } from "vitest";
import type { RunSummary, World, WorldChange } from "../world/world.ts";
import { createRunWaiters } from "./run-waiters.ts";

/** A world stand-in: a run whose summary says `status`, changes sent by hand, and a count of summary reads. */
function fakeWorld(status: RunSummary["status"]) {
  const listeners = new Set<(change: WorldChange) => void>();
  const world = {
    reads: 0,
    status,
    /** How many of the next summary reads fail, as they do while the store is away. */
    failures: 0,
    async getRun(runId: string): Promise<RunSummary> {
      world.reads++;
      if (world.failures > 0) {
        world.failures--;
        throw Object.assign(new Error("store away"), { code: "ERR_POSTGRES_UNAVAILABLE" });
      }
      return { runId, workflowName: "workflow//a.ts//f", status: world.status, createdAt: 0, eventCount: 1 };
    },
    watch(listener: (change: WorldChange) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    send: (change: WorldChange) => listeners.forEach((listener) => listener(change)),
  };
  return world;
}

const runId = "wrun_01JD8Z3K4M5N6P7Q8R9S0T1V2W";
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("run waiters", () => {
  it("reads the summary only for changes that do not say whether the run ended", async () => {
    const world = fakeWorld("running");
    const waiters = createRunWaiters(world as unknown as World);
    let done = false;
    void waiters.wait(runId).then(() => (done = true));
    await settle();
    expect(world.reads).toBe(1);
    for (let i = 0; i < 5; i++) world.send({ type: "run", runId, ended: false });
    await settle();
    expect(world.reads).toBe(1);
    world.send({ type: "run", runId });
    await settle();
    expect(world.reads).toBe(2);
    expect(done).toBe(false);
    world.send({ type: "run", runId, ended: true });
    await settle();
    expect(done).toBe(true);
    expect(world.reads).toBe(2);
  });

  it("resolves on a change without the hint once the summary is terminal", async () => {
    const world = fakeWorld("running");
    const waiters = createRunWaiters(world as unknown as World);
    const waited = waiters.wait(runId);
    await settle();
    world.status = "completed";
    world.send({ type: "run", runId });
    await expect(waited).resolves.toBeUndefined();
  });

  it("looks again later when a summary read fails, instead of leaving a rejection unhandled", async () => {
    const world = fakeWorld("completed");
    world.failures = 1;
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const waiters = createRunWaiters(world as unknown as World);
      await expect(waiters.wait(runId)).resolves.toBeUndefined();
      expect(world.reads).toBe(2);
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
