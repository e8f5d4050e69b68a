import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { QueueMessage } from "../world.ts";
import { createTempWorlds } from "./testing/temp-worlds.ts";

const open = createTempWorlds("wf-queue-");

const RUN_ID = "wrun_01ARZ3NDEKTSV4RRFFQ69G5FAV";
const flow = (id: string, dueAt: number): QueueMessage => ({ kind: "flow", id, runId: RUN_ID, dueAt });

/** Collects deliveries with the time each happened; resolves `done` after `count` of them. */
function collector(count: number) {
  const seen: Array<{ id: string; at: number; dueAt: number }> = [];
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  const handler = async (message: QueueMessage) => {
    seen.push({ id: message.id, at: Date.now(), dueAt: message.dueAt });
    if (seen.length === count) resolve();
  };
  return { seen, done, handler };
}

describe("fs world: durable queue", () => {
  it("delivers in due order and never before dueAt", async () => {
    const { world } = await open();
    const { seen, done, handler } = collector(4);
    const now = Date.now();
    await world.queue.enqueue(flow("c", now + 45));
    await world.queue.enqueue(flow("a", now + 5));
    await world.queue.enqueue(flow("d", now + 60));
    await world.queue.enqueue(flow("b", now + 25));
    // Consuming starts once all four are queued: on a busy machine an enqueue can take longer than the gaps
    // between due times, and a message already due would rightly go before one not queued yet.
    world.queue.consume(handler);
    await done;
    expect(seen.map((s) => s.id)).toEqual(["a", "b", "c", "d"]);
    for (const s of seen) expect(s.at).toBeGreaterThanOrEqual(s.dueAt);
  });

  it("dedupes by id: enqueuing a queued id replaces its due time", async () => {
    const { world } = await open();
    const { seen, done, handler } = collector(2);
    const now = Date.now();
    await world.queue.enqueue(flow("x", now + 10_000));
    await world.queue.enqueue(flow("x", now + 20));
    await world.queue.enqueue(flow("y", now + 40));
    world.queue.consume(handler);
    await done;
    expect(seen.map((s) => s.id)).toEqual(["x", "y"]);
    await new Promise((r) => setTimeout(r, 30));
    expect(seen).toHaveLength(2);
  });

  it("keeps messages across a restart and redelivers claims of a dead process", async () => {
    const { world, dataDir } = await open();
    await world.queue.enqueue(flow("later", Date.now() + 30));
    await world.queue.enqueue({ kind: "step", id: "step-msg", runId: RUN_ID, correlationId: "step_1", stepName: "step//a.ts//s", attempt: 2, dueAt: 0 });
    await world.close();
    // A message a crashed process had claimed (its pid no longer exists).
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid!;
    writeFileSync(join(dataDir, "queue", `orphan.json.claimed.${dead}`), JSON.stringify(flow("orphan", 0)));

    const { world: restarted } = await open(dataDir);
    const { seen, done, handler } = collector(3);
    restarted.queue.consume(handler);
    await done;
    expect(seen.map((s) => s.id).toSorted()).toEqual(["later", "orphan", "step-msg"]);
    await new Promise((r) => setTimeout(r, 20));
    expect(readdirSync(join(dataDir, "queue"))).toEqual([]);
  });

  it("redelivers a message whose handler threw", async () => {
    const { world } = await open();
    let attempts = 0;
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    world.queue.consume(async () => {
      attempts++;
      if (attempts === 1) throw new Error("boom");
      resolve();
    });
    await world.queue.enqueue(flow("retry-me", Date.now()));
    await done;
    expect(attempts).toBe(2);
  });

  it("runs at most `concurrency` handlers at once", async () => {
    const { world } = await open();
    let running = 0;
    let peak = 0;
    let finished = 0;
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    world.queue.consume(
      async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        if (++finished === 12) resolve();
      },
      { concurrency: 3 },
    );
    await Promise.all(Array.from({ length: 12 }, (_, i) => world.queue.enqueue(flow(`m${i}`, 0))));
    await done;
    expect(peak).toBe(3);
  });

  it("picks up messages enqueued by another instance and never runs one message twice at once", async () => {
    const { world: producer, dataDir } = await open();
    const { world: c1 } = await open(dataDir);
    const { world: c2 } = await open(dataDir);
    const counts = new Map<string, number>();
    let total = 0;
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    const handler = async (message: QueueMessage) => {
      counts.set(message.id, (counts.get(message.id) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 2));
      if (++total === 30) resolve();
    };
    c1.queue.consume(handler);
    c2.queue.consume(handler);
    await new Promise((r) => setTimeout(r, 20));
    const now = Date.now();
    await Promise.all(Array.from({ length: 30 }, (_, i) => producer.queue.enqueue(flow(`p${i}`, now + (i % 5) * 3))));
    await done;
    await new Promise((r) => setTimeout(r, 30));
    expect(counts.size).toBe(30);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it("ack removes a message that was not delivered yet; ids are encoded, never used as paths", async () => {
    const { world, dataDir } = await open();
    await world.queue.enqueue(flow("../../escape", Date.now() + 60_000));
    expect(existsSync(join(dataDir, "escape"))).toBe(false);
    expect(readdirSync(join(dataDir, "queue"))).toEqual([`~${Buffer.from("../../escape").toString("base64url")}.json`]);
    await world.queue.ack("../../escape");
    expect(readdirSync(join(dataDir, "queue"))).toEqual([]);
    await expect(world.queue.enqueue({ ...flow("ok", 0), runId: "nope" })).rejects.toMatchObject({ code: "ERR_WORLD_INVALID_INPUT" });
    await expect(world.queue.enqueue(flow("", 0))).rejects.toMatchObject({ code: "ERR_WORLD_INVALID_INPUT" });
  });
});
