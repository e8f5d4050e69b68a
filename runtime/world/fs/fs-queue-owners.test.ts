import { describe, expect, it } from "vitest";
import type { QueueMessage } from "../world.ts";
import { createTempWorlds } from "./testing/temp-worlds.ts";

const open = createTempWorlds("wf-queue-owners-");
const RUN_ID = "wrun_01ARZ3NDEKTSV4RRFFQ69G5FAV";

/** A consumer that records what it received and can wait for a message id. */
function recorder() {
  const seen: string[] = [];
  const waiters = new Map<string, () => void>();
  return {
    seen,
    handler: async (message: QueueMessage) => {
      seen.push(message.id);
      waiters.get(message.id)?.();
    },
    received: (id: string) => (seen.includes(id) ? Promise.resolve() : new Promise<void>((resolve) => waiters.set(id, resolve))),
  };
}

describe("fs world: queue routing by owner", () => {
  it("a message with an owner goes only to that owner's consumer while it lives, then to anyone", async () => {
    const a = await open();
    const b = await open(a.dataDir);
    const atA = recorder();
    const atB = recorder();
    a.world.queue.consume(atA.handler);
    b.world.queue.consume(atB.handler);
    const owner = a.world.owners.self;
    // Enqueued by both sides, so each consumer sees messages from its own process and from the other.
    for (let i = 0; i < 10; i++) {
      const world = i % 2 === 0 ? a.world : b.world;
      await world.queue.enqueue({ kind: "flow", id: `owned-${i}`, runId: RUN_ID, dueAt: Date.now(), owner });
    }
    await b.world.queue.enqueue({ kind: "flow", id: "marker-b", runId: RUN_ID, dueAt: Date.now(), owner: b.world.owners.self });
    for (let i = 0; i < 10; i++) await atA.received(`owned-${i}`);
    await atB.received("marker-b");
    expect(atB.seen).toEqual(["marker-b"]);

    // The owner's world closes with a message still due later: the other consumer delivers it.
    await a.world.queue.enqueue({ kind: "flow", id: "orphaned", runId: RUN_ID, dueAt: Date.now() + 50, owner });
    await a.world.close();
    await atB.received("orphaned");
    expect(atA.seen).not.toContain("orphaned");
  });

  it("rejects an owner that is not a non-empty string", async () => {
    const { world } = await open();
    const message = { kind: "flow", id: "bad", runId: RUN_ID, dueAt: Date.now(), owner: 42 } as unknown as QueueMessage;
    await expect(world.queue.enqueue(message)).rejects.toMatchObject({ name: "WorldInputError" });
  });
});
