import { afterEach, beforeEach, expect, test } from "vitest";
import type { WorldChange } from "../world.ts";
import type { WorldFactory, WorldStore } from "./world-factory.ts";
import { until } from "./world-factory.ts";
import { createTestRun, hookOf } from "./conformance-data.ts";

/** Collects the change notices a world sends. */
export function collectChanges(watch: (listener: (change: WorldChange) => void) => () => void) {
  const changes: WorldChange[] = [];
  const stop = watch((change) => changes.push(change));
  const has = (wanted: Partial<WorldChange>) => changes.some((change) => Object.entries(wanted).every(([key, value]) => (change as Record<string, unknown>)[key] === value));
  return { changes, stop, has };
}

/** Change notices: runs, streams and hook tokens; unsubscribing stops them. */
export function describeWatchContract(factory: WorldFactory): void {
  let store: WorldStore;
  beforeEach(async () => {
    store = await factory();
  });
  afterEach(() => store.dispose());

  test("creating a run and appending to it are noticed", async () => {
    const { world } = store;
    const seen = collectChanges((listener) => world.watch(listener));
    const runId = await createTestRun(world);
    await until(() => seen.has({ type: "run", runId }), "a notice of the new run");
    seen.changes.length = 0;
    await world.appendEvents(runId, [{ type: "run_started" }]);
    await until(() => seen.has({ type: "run", runId }), "a notice of the append");
    seen.stop();
  });

  test("stream writes and closes, and hook claims, are noticed", async () => {
    const { world } = store;
    const seen = collectChanges((listener) => world.watch(listener));
    await world.streams.write("strm_conformance_watch", [new Uint8Array([1])]);
    await until(() => seen.has({ type: "stream", name: "strm_conformance_watch" }), "a notice of the stream write");
    seen.changes.length = 0;
    await world.streams.close("strm_conformance_watch");
    await until(() => seen.has({ type: "stream", name: "strm_conformance_watch" }), "a notice of the stream's close");
    const runId = await createTestRun(world);
    await world.hooks.claim({ token: "tok-watch", runId, hookId: hookOf(runId, 0), kind: "hook", createdAt: Date.now() });
    await until(() => seen.has({ type: "hook", token: "tok-watch" }), "a notice of the hook claim");
    seen.stop();
  });

  test("an unsubscribed listener hears nothing more", async () => {
    const { world } = store;
    const stopped = collectChanges((listener) => world.watch(listener));
    const still = collectChanges((listener) => world.watch(listener));
    const runId = await createTestRun(world);
    await until(() => stopped.has({ type: "run", runId }) && still.has({ type: "run", runId }), "both listeners notified");
    stopped.stop();
    stopped.changes.length = 0;
    await world.appendEvents(runId, [{ type: "run_started" }]);
    const other = await createTestRun(world);
    await until(() => still.has({ type: "run", runId: other }), "the remaining listener notified");
    expect(stopped.changes).toEqual([]);
    still.stop();
  });
}
