import { afterEach, beforeEach, expect, test } from "vitest";
import type { QueueMessage } from "../world.ts";
import { createTestRun, RUN_COMPLETED, stepCompleted, stepCreated, stepOf, typesOf } from "./conformance-data.ts";
import { flowMessage, recordDeliveries } from "./queue.ts";
import type { WorldFactory, WorldStore } from "./world-factory.ts";
import { until } from "./world-factory.ts";

/**
 * Messages written with events (`AppendOptions.enqueue`, `CreateRunRequest.enqueue`): delivered like
 * `queue.enqueue`'s when the write stores events, never queued when it stores none.
 */
export function describeQueueWithWritesContract(factory: WorldFactory): void {
  let store: WorldStore;
  let runId: string;
  beforeEach(async () => {
    store = await factory();
    runId = await createTestRun(store.world);
  });
  afterEach(() => store.dispose());

  /** Sends a sentinel due later than every message of the test and waits for it: what was queued has arrived. */
  async function settle(seen: ReturnType<typeof recordDeliveries>, targetRunId = runId): Promise<void> {
    await store.world.queue.enqueue(flowMessage("msg-sentinel", targetRunId, 300));
    await until(() => seen.count("msg-sentinel"), "the sentinel message");
  }

  test("messages given with an append that stores events are delivered, with their fields", async () => {
    const { world } = store;
    const seen = recordDeliveries();
    world.queue.consume(seen.handler);
    const step: QueueMessage = { kind: "step", id: "msg-with-step", runId, correlationId: stepOf(runId, 0), stepName: "step//conformance.ts//work", attempt: 2, dueAt: Date.now() };
    const later = flowMessage("msg-with-later", runId, 80);
    const stored = await world.appendEvents(runId, [stepCreated(runId, 0)], { enqueue: [step, later] });
    expect(stored.map((event) => event.type)).toEqual(["step_created"]);
    await until(() => seen.count("msg-with-step") && seen.count("msg-with-later"), "both messages");
    expect(seen.deliveries.find((delivery) => delivery.message.id === "msg-with-step")!.message).toEqual(step);
    const delivered = seen.deliveries.find((delivery) => delivery.message.id === "msg-with-later")!;
    expect(delivered.at).toBeGreaterThanOrEqual(later.dueAt);
    await settle(seen);
    expect(seen.count("msg-with-step")).toBe(1);
    expect(seen.count("msg-with-later")).toBe(1);
  });

  test("messages given with an append are durable when it resolves: a consumer started afterwards gets them", async () => {
    const { world } = store;
    await world.appendEvents(runId, [stepCreated(runId, 0)], { enqueue: [flowMessage("msg-durable", runId)] });
    const seen = recordDeliveries();
    world.queue.consume(seen.handler);
    await until(() => seen.count("msg-durable"), "the message written with the append");
  });

  test("an append that stores nothing queues nothing: run ended, exact refused, duplicate outcome", async () => {
    const { world } = store;
    const seen = recordDeliveries();
    world.queue.consume(seen.handler);
    await world.appendEvents(runId, [stepCreated(runId, 0), stepCompleted(runId, 0)]);
    // Every event is a duplicate outcome: dropped, and so are the messages.
    expect(await world.appendEvents(runId, [stepCompleted(runId, 0, '["again"]')], { enqueue: [flowMessage("msg-duplicate", runId)] })).toEqual([]);
    // `exact` refuses the whole call because one event would be dropped.
    const refused = await world.appendEvents(runId, [stepCreated(runId, 1), stepCompleted(runId, 0)], { exact: true, enqueue: [flowMessage("msg-exact", runId)] });
    expect(refused).toEqual([]);
    // The run ends; nothing more is stored.
    await world.appendEvents(runId, [RUN_COMPLETED]);
    expect(await world.appendEvents(runId, [stepCreated(runId, 2)], { enqueue: [flowMessage("msg-ended", runId)] })).toEqual([]);
    expect(await typesOf(world, runId)).toEqual(["run_created", "step_created", "step_completed", "run_completed"]);
    await settle(seen);
    expect(seen.count("msg-duplicate") + seen.count("msg-exact") + seen.count("msg-ended")).toBe(0);
  });

  test("an append that stores part of its events queues its messages", async () => {
    const { world } = store;
    const seen = recordDeliveries();
    world.queue.consume(seen.handler);
    await world.appendEvents(runId, [stepCreated(runId, 0), stepCompleted(runId, 0)]);
    const stored = await world.appendEvents(runId, [stepCompleted(runId, 0, '["again"]'), stepCreated(runId, 1)], { enqueue: [flowMessage("msg-partial", runId)] });
    expect(stored.map((event) => event.type)).toEqual(["step_created"]);
    await until(() => seen.count("msg-partial"), "the message of the partly stored append");
  });

  test("an invalid message makes the append reject before anything is written", async () => {
    const { world } = store;
    const invalid = { kind: "nope", id: "msg-invalid", runId, dueAt: Date.now() } as unknown as QueueMessage;
    await expect(world.appendEvents(runId, [stepCreated(runId, 0)], { enqueue: [invalid] })).rejects.toThrow();
    expect(await typesOf(world, runId)).toEqual(["run_created"]);
  });

  test("createRun queues the messages its enqueue returns, given the created run", async () => {
    const { world } = store;
    const seen = recordDeliveries();
    world.queue.consume(seen.handler);
    const result = await world.createRun({
      workflowName: "workflow//conformance.ts//flow",
      input: "[[]]",
      seed: "seed",
      idempotencyKey: "key-with-messages",
      firstEvents: () => [{ type: "run_started" }],
      enqueue: (runCreated) => [flowMessage(`msg-first-${runCreated.runId}`, runCreated.runId)],
    });
    expect(result.created).toBe(true);
    expect(await typesOf(world, result.runId)).toEqual(["run_created", "run_started"]);
    await until(() => seen.count(`msg-first-${result.runId}`), "the message written with the run's creation");
    expect(seen.deliveries.find((delivery) => delivery.message.id === `msg-first-${result.runId}`)!.message.runId).toBe(result.runId);
  });

  test("createRun queues nothing when the idempotency key names an existing run", async () => {
    const { world } = store;
    const seen = recordDeliveries();
    world.queue.consume(seen.handler);
    const request = { workflowName: "workflow//conformance.ts//flow", input: "[[]]", seed: "seed", idempotencyKey: "key-once" };
    const first = await world.createRun({ ...request, enqueue: () => [flowMessage("msg-create-first", runId)] });
    let called = false;
    const again = await world.createRun({
      ...request,
      enqueue: () => {
        called = true;
        return [flowMessage("msg-create-again", runId)];
      },
    });
    expect(again).toEqual({ runId: first.runId, created: false });
    await until(() => seen.count("msg-create-first"), "the first creation's message");
    await settle(seen);
    expect(called).toBe(false);
    expect(seen.count("msg-create-again")).toBe(0);
  });

  test("createRun whose enqueue throws rejects and creates nothing", async () => {
    const { world } = store;
    const failing = world.createRun({
      workflowName: "workflow//conformance.ts//failing",
      input: "[[]]",
      seed: "seed",
      enqueue: () => {
        throw new Error("no messages");
      },
    });
    await expect(failing).rejects.toThrow("no messages");
    const { data } = await world.listRuns({ workflowName: "workflow//conformance.ts//failing" });
    expect(data).toEqual([]);
  });
}
