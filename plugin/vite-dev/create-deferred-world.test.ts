import { describe, expect, it } from "vitest";
import type { World, WorldChange } from "../../runtime/world/world.ts";
import { createDeferredWorld } from "./create-deferred-world.ts";

/** A world that only implements what the test touches. */
function fakeWorld(calls: string[]): World {
  return {
    createRun: async (request: { workflowName: string }) => {
      calls.push(`createRun ${request.workflowName}`);
      return { runId: "wrun_1", created: true };
    },
    queue: {
      enqueue: async () => void calls.push("enqueue"),
      consume: () => () => void calls.push("stop consuming"),
    },
    streams: {
      async *read() {
        yield new Uint8Array([1]);
        yield new Uint8Array([2]);
      },
    },
    watch(listener: (change: WorldChange) => void) {
      listener({ type: "run", runId: "wrun_1" });
      return () => void calls.push("unwatch");
    },
  } as unknown as World;
}

describe("createDeferredWorld", () => {
  it("accepts calls before the world is open and runs them once it is", async () => {
    const calls: string[] = [];
    let open!: (world: World) => void;
    const world = createDeferredWorld(new Promise((resolve) => (open = resolve)));

    const created = world.createRun({ workflowName: "workflow//a.ts//f", input: "[]", seed: "s" });
    const enqueued = world.queue.enqueue({ kind: "flow", id: "m", runId: "wrun_1", dueAt: 0 });
    const changes: WorldChange[] = [];
    world.watch((change) => changes.push(change));
    expect(calls).toEqual([]);

    open(fakeWorld(calls));
    expect(await created).toEqual({ runId: "wrun_1", created: true });
    await enqueued;
    expect(calls).toEqual(["createRun workflow//a.ts//f", "enqueue"]);
    expect(changes).toEqual([{ type: "run", runId: "wrun_1" }]);

    const chunks: number[] = [];
    for await (const chunk of world.streams.read("s")) chunks.push(...chunk);
    expect(chunks).toEqual([1, 2]);
  });

  it("reports a world that failed to open on every call", async () => {
    const world = createDeferredWorld(Promise.reject(new Error("EACCES: data dir")));
    await expect(world.getRun("wrun_1")).rejects.toThrow("EACCES: data dir");
    await expect(world.hooks.get("token")).rejects.toThrow("EACCES: data dir");
  });
});
