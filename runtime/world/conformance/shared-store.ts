import { afterEach, beforeEach, expect, test } from "vitest";
import { RUN_TAKEOVER_MS, type World } from "../world.ts";
import type { WorldFactory, WorldStore } from "./world-factory.ts";
import { until } from "./world-factory.ts";
import { createTestRun, hookOf } from "./conformance-data.ts";
import { flowMessage, recordDeliveries } from "./queue.ts";
import { collectChanges } from "./watch.ts";

/**
 * Several world instances on one store (as several processes): each sees the others' writes, a queue message
 * goes to one consumer only, and a hook token or an idempotency key has one owner across instances. Skipped
 * for worlds whose factory cannot open a second instance.
 */
export function describeSharedStoreContract(factory: WorldFactory): void {
  let store: WorldStore;
  let first: World;
  let second: World | undefined;
  beforeEach(async () => {
    store = await factory();
    first = store.world;
    second = await store.openAnother?.();
  });
  afterEach(() => store.dispose());

  test("an append by one instance is read by the other", async (context) => {
    if (!second) return context.skip();
    const runId = await createTestRun(first);
    await first.appendEvents(runId, [{ type: "run_started" }]);
    expect((await second.readEvents(runId))?.map((event) => event.type)).toEqual(["run_created", "run_started"]);
    expect(await second.getRun(runId)).toMatchObject({ status: "running", eventCount: 2 });
    await second.appendEvents(runId, [{ type: "run_cancelled" }]);
    expect((await first.readEvents(runId))?.map((event) => event.type)).toEqual(["run_created", "run_started", "run_cancelled"]);
    expect(await first.appendEvents(runId, [{ type: "run_started" }])).toEqual([]);
    expect(await first.listActiveRunIds()).not.toContain(runId);
  });

  test("no message is delivered to both instances' consumers", async (context) => {
    if (!second) return context.skip();
    const runId = await createTestRun(first);
    const [a, b] = [recordDeliveries(), recordDeliveries()];
    first.queue.consume(a.handler, { concurrency: 4 });
    second.queue.consume(b.handler, { concurrency: 4 });
    const ids = Array.from({ length: 30 }, (_, i) => `msg-shared-${i}`);
    await Promise.all(ids.map((id, i) => (i % 2 === 0 ? first : second!).queue.enqueue(flowMessage(id, runId))));
    const delivered = () => new Set([...a.deliveries, ...b.deliveries].map((delivery) => delivery.message.id));
    await until(() => ids.every((id) => delivered().has(id)), "every message delivered");
    await first.queue.enqueue(flowMessage("msg-sentinel", runId, 300));
    await until(() => a.count("msg-sentinel") + b.count("msg-sentinel") > 0, "the sentinel message");
    for (const id of ids) expect(a.count(id) + b.count(id), id).toBe(1);
  });

  test("what an instance stored is there for an instance opened after it closed, queued messages included", async (context) => {
    if (!second || !store.openAnother) return context.skip();
    const runId = await createTestRun(first);
    await first.appendEvents(runId, [{ type: "run_started" }]);
    await first.queue.enqueue(flowMessage("msg-left-behind", runId));
    await first.close();
    await second.close();
    const later = await store.openAnother();
    expect((await later.readEvents(runId))?.map((event) => event.type)).toEqual(["run_created", "run_started"]);
    const seen = recordDeliveries();
    later.queue.consume(seen.handler);
    await until(() => seen.count("msg-left-behind"), "the message left by the closed instances");
  });

  test("a message for a live owner goes to that owner's consumer; once it is gone, to another", async (context) => {
    if (!second) return context.skip();
    const runId = await createTestRun(first);
    const [a, b] = [recordDeliveries(), recordDeliveries()];
    first.queue.consume(a.handler);
    second.queue.consume(b.handler);
    const owner = first.owners.self;
    const ids = Array.from({ length: 6 }, (_, i) => `msg-owned-${i}`);
    await Promise.all(ids.map((id) => second!.queue.enqueue({ ...flowMessage(id, runId), owner })));
    await until(() => ids.every((id) => a.count(id) === 1), "every owned message at its owner");
    for (const id of ids) expect(b.count(id), id).toBe(0);
    await first.close();
    await second.queue.enqueue({ ...flowMessage("msg-owner-gone", runId), owner });
    await until(() => b.count("msg-owner-gone"), "the message of a closed owner at another consumer", RUN_TAKEOVER_MS * 3);
  }, RUN_TAKEOVER_MS * 6);

  test("a token claimed through one instance is refused through the other", async (context) => {
    if (!second) return context.skip();
    const [a, b] = [await createTestRun(first), await createTestRun(first)];
    expect(await first.hooks.claim({ token: "tok-shared", runId: a, hookId: hookOf(a, 0), kind: "hook", createdAt: Date.now() })).toBe(true);
    expect(await second.hooks.claim({ token: "tok-shared", runId: b, hookId: hookOf(b, 0), kind: "hook", createdAt: Date.now() })).toBe(false);
    expect((await second.hooks.get("tok-shared"))?.runId).toBe(a);
  });

  test("concurrent creates with one idempotency key through both instances make one run", async (context) => {
    if (!second) return context.skip();
    const request = { workflowName: "workflow//a.ts//f", input: "[[]]", seed: "s", idempotencyKey: "shared-key" };
    const results = await Promise.all([first.createRun(request), second.createRun(request), first.createRun(request), second.createRun(request)]);
    expect(new Set(results.map((result) => result.runId)).size).toBe(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
  });

  test("one instance's writes are noticed by the other's watchers", async (context) => {
    if (!second) return context.skip();
    const seen = collectChanges((listener) => second!.watch(listener));
    const runId = await createTestRun(first);
    await first.appendEvents(runId, [{ type: "run_started" }]);
    await until(() => seen.has({ type: "run", runId }), "a notice in the other instance");
    seen.stop();
  });
}
