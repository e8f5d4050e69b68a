import { describe, expect, it } from "vitest";
import type { World, WorldChange } from "../world/world.ts";
import { type ChangeBatch, createChangeHub } from "./create-change-hub.ts";

/** A world that only reports changes; `getRun` answers as the test says. */
function fakeWorld(getRun: World["getRun"]) {
  let listener: ((change: WorldChange) => void) | undefined;
  const world = { watch: (l: (change: WorldChange) => void) => ((listener = l), () => (listener = undefined)), getRun } as unknown as World;
  return { world, emit: (change: WorldChange) => listener?.(change) };
}

function summary(runId: string) {
  return { runId, workflowName: "w", status: "pending" as const, createdAt: 1, eventCount: 1 };
}

function nextBatches(hub: ReturnType<typeof createChangeHub>, count: number): Promise<ChangeBatch[]> {
  const batches: ChangeBatch[] = [];
  return new Promise((resolve) => {
    hub.subscribe((batch) => {
      batches.push(batch);
      if (batches.length === count) resolve(batches);
    });
  });
}

describe("change hub", () => {
  it("sends each run it has not named yet at once, however long the window", async () => {
    const { world, emit } = fakeWorld(async (runId) => summary(runId));
    const hub = createChangeHub(world, { windowMs: 60_000 });
    try {
      const batches = nextBatches(hub, 2);
      emit({ type: "run", runId: "wrun_A" });
      await new Promise((resolve) => setImmediate(resolve));
      emit({ type: "run", runId: "wrun_B" });
      expect(await batches).toEqual([
        { runs: ["wrun_A"], runSummaries: [summary("wrun_A")], streams: [], hooks: [] },
        { runs: ["wrun_B"], runSummaries: [summary("wrun_B")], streams: [], hooks: [] },
      ]);
    } finally {
      hub.close();
    }
  });

  it("goes on notifying after a listener threw", async () => {
    const { world, emit } = fakeWorld(async (runId) => summary(runId));
    const hub = createChangeHub(world, { windowMs: 1 });
    try {
      hub.subscribe(() => {
        throw new Error("feed gone");
      });
      const batches = nextBatches(hub, 2);
      emit({ type: "run", runId: "wrun_A" });
      await new Promise((resolve) => setImmediate(resolve));
      emit({ type: "run", runId: "wrun_B" });
      expect((await batches).map((batch) => batch.runs)).toEqual([["wrun_A"], ["wrun_B"]]);
    } finally {
      hub.close();
    }
  });

  it("sends ids alone when the store does not answer for the summaries", async () => {
    const { world, emit } = fakeWorld(() => new Promise(() => {}));
    const hub = createChangeHub(world, { windowMs: 5 });
    try {
      const batches = nextBatches(hub, 1);
      emit({ type: "run", runId: "wrun_A" });
      expect(await batches).toEqual([{ runs: ["wrun_A"], runSummaries: [], streams: [], hooks: [] }]);
    } finally {
      hub.close();
    }
  });
});
