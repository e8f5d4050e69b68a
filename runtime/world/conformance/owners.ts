import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { RUN_TAKEOVER_MS } from "../world.ts";
import type { WorldFactory, WorldStore } from "./world-factory.ts";
import { until } from "./world-factory.ts";
import { createTestRun, RUN_COMPLETED } from "./conformance-data.ts";

/**
 * Run ownership, from `RunOwners`: `self` is unique and alive, a claim by `self` resolves `self`, a live
 * owner's claim is kept against other instances, `release` drops only one's own claim, and `listOrphaned`
 * lists the active runs with no live owner, including those of an instance that closed.
 */
export function describeOwnersContract(factory: WorldFactory): void {
  let store: WorldStore;
  beforeEach(async () => {
    store = await factory();
  });
  afterEach(() => store.dispose());

  test("self is a non-empty id, alive, and differs between stores", async () => {
    const { owners } = store.world;
    expect(typeof owners.self).toBe("string");
    expect(owners.self.length).toBeGreaterThan(0);
    expect(await owners.isAlive(owners.self)).toBe(true);
    const other = await factory();
    try {
      expect(other.world.owners.self).not.toBe(owners.self);
    } finally {
      await other.dispose();
    }
  });

  test("a claim by self resolves self; claiming again keeps it", async () => {
    const { world } = store;
    const runId = await createTestRun(world);
    expect(await world.owners.claim(runId)).toBe(world.owners.self);
    expect(await world.owners.claim(runId)).toBe(world.owners.self);
  });

  test("listOrphaned lists active runs without a live owner: unclaimed or released, not claimed, not ended", async () => {
    const { world } = store;
    const [claimed, unclaimed, released, ended] = [await createTestRun(world), await createTestRun(world), await createTestRun(world), await createTestRun(world)];
    await world.owners.claim(claimed);
    await world.owners.claim(released);
    await world.owners.release(released);
    await world.appendEvents(ended, [RUN_COMPLETED]);
    const orphaned = await world.owners.listOrphaned();
    expect(orphaned).toContain(unclaimed);
    expect(orphaned).toContain(released);
    expect(orphaned).not.toContain(claimed);
    expect(orphaned).not.toContain(ended);
    expect(await world.owners.claim(released)).toBe(world.owners.self);
    expect(await world.owners.listOrphaned()).not.toContain(released);
  });

  describe("with a second instance on the store", () => {
    test("another instance has its own self; its claim of a live owner's run resolves that owner", async (context) => {
      if (!store.openAnother) return context.skip();
      const first = store.world;
      const second = await store.openAnother();
      expect(second.owners.self).not.toBe(first.owners.self);
      expect(await second.owners.isAlive(first.owners.self)).toBe(true);
      const runId = await createTestRun(first);
      expect(await first.owners.claim(runId)).toBe(first.owners.self);
      expect(await second.owners.claim(runId)).toBe(first.owners.self);
      // Releasing a claim one does not hold changes nothing.
      await second.owners.release(runId);
      expect(await second.owners.claim(runId)).toBe(first.owners.self);
      expect(await second.owners.listOrphaned()).not.toContain(runId);
      await first.owners.release(runId);
      expect(await second.owners.claim(runId)).toBe(second.owners.self);
      expect(await first.owners.claim(runId)).toBe(second.owners.self);
    });

    test("once an instance has closed, its runs are orphaned and another instance takes them over", async (context) => {
      if (!store.openAnother) return context.skip();
      const first = store.world;
      const second = await store.openAnother();
      const [mine, ended] = [await createTestRun(first), await createTestRun(first)];
      await first.owners.claim(mine);
      await first.owners.claim(ended);
      await first.appendEvents(ended, [RUN_COMPLETED]);
      const firstOwner = first.owners.self;
      await first.close();
      await until(async () => !(await second.owners.isAlive(firstOwner)), "the closed instance to be dead", RUN_TAKEOVER_MS * 3);
      await until(async () => (await second.owners.listOrphaned()).includes(mine), "its run to be orphaned", RUN_TAKEOVER_MS * 3);
      expect(await second.owners.listOrphaned()).not.toContain(ended);
      expect(await second.owners.claim(mine)).toBe(second.owners.self);
    }, RUN_TAKEOVER_MS * 8);
  });
}
