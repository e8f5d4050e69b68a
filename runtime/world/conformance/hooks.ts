import { afterEach, beforeEach, expect, test } from "vitest";
import type { HookRecord, World } from "../world.ts";
import type { WorldFactory, WorldStore } from "./world-factory.ts";
import { createTestRun, hookOf, RUN_COMPLETED } from "./conformance-data.ts";

/** A hook record for a run's `n`-th hook. */
export function hookRecord(runId: string, n: number, token: string): HookRecord {
  return { token, runId, hookId: hookOf(runId, n), kind: "hook", createdAt: Date.now() };
}

/** Records `hook_created` for the claim, as the engine does. */
async function recordHook(world: World, record: HookRecord): Promise<void> {
  await world.appendEvents(record.runId, [{ type: "hook_created", correlationId: record.hookId, token: record.token, kind: record.kind }]);
}

/** The hook token index: unique among live hooks, released by its owner only, listed per run. */
export function describeHooksContract(factory: WorldFactory): void {
  let store: WorldStore;
  beforeEach(async () => {
    store = await factory();
  });
  afterEach(() => store.dispose());

  test("a claimed token is found by get and listed with its run", async () => {
    const { world } = store;
    const runId = await createTestRun(world);
    const record = { ...hookRecord(runId, 0, "tok-get"), kind: "webhook" as const, metadata: '[{"a":1}]' };
    await recordHook(world, record);
    expect(await world.hooks.claim(record)).toBe(true);
    expect(await world.hooks.get("tok-get")).toEqual(record);
    expect(await world.hooks.listByRun(runId)).toEqual([record]);
    expect(await world.hooks.get("tok-unknown")).toBeUndefined();
  });

  test("a token owned by a live hook is refused to any other hook; its own hook may claim it again", async () => {
    const { world } = store;
    const [a, b] = [await createTestRun(world), await createTestRun(world)];
    const first = hookRecord(a, 0, "tok-unique");
    await recordHook(world, first);
    expect(await world.hooks.claim(first)).toBe(true);
    expect(await world.hooks.claim(hookRecord(b, 0, "tok-unique"))).toBe(false);
    expect(await world.hooks.claim(hookRecord(a, 1, "tok-unique"))).toBe(false);
    expect(await world.hooks.claim(first)).toBe(true);
    expect((await world.hooks.get("tok-unique"))?.runId).toBe(a);
  });

  test("concurrent claims of one token: exactly one wins", async () => {
    const { world } = store;
    const runs = await Promise.all(Array.from({ length: 5 }, () => createTestRun(world)));
    const results = await Promise.all(runs.map((runId) => world.hooks.claim(hookRecord(runId, 0, "tok-race"))));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  test("only the owning hook's release frees the token", async () => {
    const { world } = store;
    const [a, b] = [await createTestRun(world), await createTestRun(world)];
    const owner = hookRecord(a, 0, "tok-release");
    await recordHook(world, owner);
    await world.hooks.claim(owner);
    await world.hooks.release("tok-release", hookOf(a, 7));
    expect((await world.hooks.get("tok-release"))?.hookId).toBe(owner.hookId);
    await world.hooks.release("tok-release", owner.hookId);
    expect(await world.hooks.get("tok-release")).toBeUndefined();
    expect(await world.hooks.listByRun(a)).toEqual([]);
    expect(await world.hooks.claim(hookRecord(b, 0, "tok-release"))).toBe(true);
    expect((await world.hooks.get("tok-release"))?.runId).toBe(b);
  });

  test("a token whose run has ended, or whose hook was disposed, may be claimed by another hook", async () => {
    const { world } = store;
    const [ended, disposed, next] = [await createTestRun(world), await createTestRun(world), await createTestRun(world)];
    await world.hooks.claim(hookRecord(ended, 0, "tok-ended"));
    await world.appendEvents(ended, [RUN_COMPLETED]);
    expect(await world.hooks.claim(hookRecord(next, 0, "tok-ended"))).toBe(true);
    const record = hookRecord(disposed, 0, "tok-disposed");
    await recordHook(world, record);
    await world.hooks.claim(record);
    await world.appendEvents(disposed, [{ type: "hook_disposed", correlationId: record.hookId }]);
    expect(await world.hooks.claim(hookRecord(next, 1, "tok-disposed"))).toBe(true);
    expect((await world.hooks.get("tok-disposed"))?.runId).toBe(next);
  });

  test("getRecorded finds a claimed hook only once its hook_created is stored, and no longer once it is disposed or its run ended", async (context) => {
    const { world } = store;
    const getRecorded = world.hooks.getRecorded?.bind(world.hooks);
    if (!getRecorded) return context.skip();
    const [a, b] = [await createTestRun(world), await createTestRun(world)];
    // Claimed first, as the engine does: not recorded until the append.
    const claimedFirst = hookRecord(a, 0, "tok-recorded-a");
    expect(await world.hooks.claim(claimedFirst)).toBe(true);
    expect(await getRecorded("tok-recorded-a")).toBeUndefined();
    await recordHook(world, claimedFirst);
    expect(await getRecorded("tok-recorded-a")).toEqual(claimedFirst);
    // Appended first, then claimed.
    const appendedFirst = hookRecord(b, 0, "tok-recorded-b");
    await recordHook(world, appendedFirst);
    expect(await getRecorded("tok-recorded-b")).toBeUndefined();
    expect(await world.hooks.claim(appendedFirst)).toBe(true);
    expect(await getRecorded("tok-recorded-b")).toEqual(appendedFirst);
    expect(await getRecorded("tok-unknown")).toBeUndefined();

    await world.appendEvents(a, [{ type: "hook_disposed", correlationId: claimedFirst.hookId }]);
    expect(await getRecorded("tok-recorded-a")).toBeUndefined();
    await world.appendEvents(b, [RUN_COMPLETED]);
    expect(await getRecorded("tok-recorded-b")).toBeUndefined();
    // A token taken over by another run's hook is that hook's, recorded only once its own hook_created is.
    const next = await createTestRun(world);
    const taken = hookRecord(next, 0, "tok-recorded-b");
    expect(await world.hooks.claim(taken)).toBe(true);
    expect(await getRecorded("tok-recorded-b")).toBeUndefined();
    await recordHook(world, taken);
    expect(await getRecorded("tok-recorded-b")).toEqual(taken);
  });

  test("listByRun lists one run's hooks only", async () => {
    const { world } = store;
    const [a, b] = [await createTestRun(world), await createTestRun(world)];
    await world.hooks.claim(hookRecord(a, 0, "tok-a0"));
    await world.hooks.claim(hookRecord(b, 0, "tok-b0"));
    await world.hooks.claim(hookRecord(a, 1, "tok-a1"));
    expect((await world.hooks.listByRun(a)).map((hook) => hook.token).toSorted()).toEqual(["tok-a0", "tok-a1"]);
    expect((await world.hooks.listByRun(b)).map((hook) => hook.token)).toEqual(["tok-b0"]);
  });
}
