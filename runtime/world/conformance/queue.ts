import { afterEach, beforeEach, expect, test } from "vitest";
import type { QueueMessage } from "../world.ts";
import type { WorldFactory, WorldStore } from "./world-factory.ts";
import { until } from "./world-factory.ts";
import { createTestRun } from "./conformance-data.ts";

/** A flow message for `runId`, due `inMs` from now. */
export function flowMessage(id: string, runId: string, inMs = 0): QueueMessage {
  return { kind: "flow", id, runId, dueAt: Date.now() + inMs };
}

/** A handler that records each delivery with the time it arrived. */
export function recordDeliveries() {
  const deliveries: Array<{ message: QueueMessage; at: number }> = [];
  return {
    deliveries,
    handler: async (message: QueueMessage) => {
      deliveries.push({ message, at: Date.now() });
    },
    count: (id: string) => deliveries.filter((delivery) => delivery.message.id === id).length,
  };
}

/** The durable queue: due times, dedupe by id, acknowledgement on success, redelivery after a throw, concurrency. */
export function describeQueueContract(factory: WorldFactory): void {
  let store: WorldStore;
  let runId: string;
  beforeEach(async () => {
    store = await factory();
    runId = await createTestRun(store.world);
  });
  afterEach(() => store.dispose());

  test("delivers messages enqueued before and after consume starts, with their fields, once each", async () => {
    const { world } = store;
    const seen = recordDeliveries();
    const step: QueueMessage = { kind: "step", id: "msg-step", runId, correlationId: "step_x_0", stepName: "step//a.ts//s", attempt: 2, dueAt: Date.now() };
    await world.queue.enqueue(step);
    world.queue.consume(seen.handler);
    await world.queue.enqueue(flowMessage("msg-after", runId));
    await until(() => seen.count("msg-step") && seen.count("msg-after"), "both messages");
    expect(seen.deliveries.find((delivery) => delivery.message.id === "msg-step")!.message).toEqual(step);
    // A message enqueued later and due later arrives after any redelivery would have.
    await world.queue.enqueue(flowMessage("msg-sentinel", runId, 300));
    await until(() => seen.count("msg-sentinel"), "the sentinel message");
    expect(seen.count("msg-step")).toBe(1);
    expect(seen.count("msg-after")).toBe(1);
  });

  test("never delivers a message before its due time", async () => {
    const { world } = store;
    const seen = recordDeliveries();
    world.queue.consume(seen.handler, { concurrency: 10 });
    const offsets = [1, 7, 20, 45, 90, 150];
    const messages = offsets.map((offset, i) => flowMessage(`msg-due-${i}`, runId, offset));
    await Promise.all(messages.map((message) => world.queue.enqueue(message)));
    await until(() => seen.deliveries.length >= messages.length, "every message");
    for (const delivery of seen.deliveries) expect(delivery.at, delivery.message.id).toBeGreaterThanOrEqual(delivery.message.dueAt);
  });

  test("one message per id: enqueuing an id again replaces its due time", async () => {
    const { world } = store;
    const seen = recordDeliveries();
    await world.queue.enqueue(flowMessage("msg-dup", runId));
    await world.queue.enqueue(flowMessage("msg-dup", runId));
    await world.queue.enqueue(flowMessage("msg-later", runId, 60_000));
    await world.queue.enqueue(flowMessage("msg-later", runId, 0));
    await world.queue.enqueue(flowMessage("msg-postponed", runId, 0));
    await world.queue.enqueue(flowMessage("msg-postponed", runId, 60_000));
    world.queue.consume(seen.handler);
    await until(() => seen.count("msg-dup") && seen.count("msg-later"), "the re-enqueued messages");
    await world.queue.enqueue(flowMessage("msg-sentinel", runId, 300));
    await until(() => seen.count("msg-sentinel"), "the sentinel message");
    expect(seen.count("msg-dup")).toBe(1);
    expect(seen.count("msg-postponed")).toBe(0);
  });

  test("a message whose handler throws is delivered again, and acknowledged once it succeeds", async () => {
    const { world } = store;
    const seen = recordDeliveries();
    world.queue.consume(async (message) => {
      await seen.handler(message);
      if (message.id === "msg-throws" && seen.count("msg-throws") < 3) throw new Error("handler failed");
    });
    await world.queue.enqueue(flowMessage("msg-throws", runId));
    await until(() => seen.count("msg-throws") >= 3, "two redeliveries", 20_000);
    const [first, second, third] = seen.deliveries.filter((delivery) => delivery.message.id === "msg-throws");
    // Backoff: each redelivery waits, the second wait at least as long as the first.
    expect(second.at).toBeGreaterThan(first.at);
    expect(third.at - second.at).toBeGreaterThanOrEqual(second.at - first.at - 5);
    await world.queue.enqueue(flowMessage("msg-sentinel", runId, 500));
    await until(() => seen.count("msg-sentinel"), "the sentinel message");
    expect(seen.count("msg-throws")).toBe(3);
  }, 30_000);

  test("at most `concurrency` handlers run at once", async () => {
    const { world } = store;
    let active = 0;
    let most = 0;
    const started: string[] = [];
    const gates = new Map<string, () => void>();
    world.queue.consume(
      async (message) => {
        active++;
        most = Math.max(most, active);
        started.push(message.id);
        await new Promise<void>((resolve) => gates.set(message.id, resolve));
        active--;
      },
      { concurrency: 2 },
    );
    await Promise.all(Array.from({ length: 5 }, (_, i) => world.queue.enqueue(flowMessage(`msg-c${i}`, runId))));
    await until(() => started.length === 2, "two handlers running");
    const release = (id: string) => {
      gates.get(id)?.();
      gates.delete(id);
    };
    release(started[0]);
    await until(() => started.length === 3, "a third handler once one finished");
    await until(() => {
      for (const id of gates.keys()) release(id);
      return started.length === 5 && active === 0;
    }, "every handler done");
    expect(new Set(started).size).toBe(5);
    expect(most).toBe(2);
  });

  test("ack withdraws a queued message: it is not delivered", async () => {
    const { world } = store;
    const seen = recordDeliveries();
    await world.queue.enqueue(flowMessage("msg-withdrawn", runId, 100));
    await world.queue.ack("msg-withdrawn");
    await world.queue.ack("msg-never-enqueued");
    world.queue.consume(seen.handler);
    await world.queue.enqueue(flowMessage("msg-sentinel", runId, 400));
    await until(() => seen.count("msg-sentinel"), "the sentinel message");
    expect(seen.count("msg-withdrawn")).toBe(0);
  });

  test("stopping the consumer stops deliveries", async () => {
    const { world } = store;
    const seen = recordDeliveries();
    const stop = world.queue.consume(seen.handler);
    await world.queue.enqueue(flowMessage("msg-first", runId));
    await until(() => seen.count("msg-first"), "the first message");
    stop();
    await world.queue.enqueue(flowMessage("msg-while-stopped", runId));
    const next = recordDeliveries();
    world.queue.consume(next.handler);
    await until(() => next.count("msg-while-stopped"), "the message, by the new consumer");
    expect(seen.count("msg-while-stopped")).toBe(0);
  });
}
