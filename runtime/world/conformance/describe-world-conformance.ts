import { describe } from "vitest";
import { describeHooksContract } from "./hooks.ts";
import { describeOwnersContract } from "./owners.ts";
import { describeQueueContract } from "./queue.ts";
import { describeQueueWithWritesContract } from "./queue-with-writes.ts";
import { describeRunsContract } from "./runs.ts";
import { describeSharedStoreContract } from "./shared-store.ts";
import { describeStreamsContract } from "./streams.ts";
import { describeWatchContract } from "./watch.ts";
import type { WorldFactory } from "./world-factory.ts";

export type { WorldFactory, WorldStore } from "./world-factory.ts";
export { trackWorlds } from "./world-factory.ts";

/**
 * The World conformance suite: every contract of `World` (runs, hooks, queue, streams, watch, owners, and
 * several instances on one store), as vitest tests, for one implementation. `factory` opens a fresh store
 * per test (see `WorldFactory`).
 * @example
 * describeWorldConformance("filesystem world", async () => {
 *   const dataDir = mkdtempSync(join(tmpdir(), "wf-conformance-"));
 *   const worlds = trackWorlds();
 *   return {
 *     world: worlds.add(await createFsWorld({ dataDir })),
 *     openAnother: async () => worlds.add(await createFsWorld({ dataDir })),
 *     dispose: async () => (await worlds.closeAll(), rmSync(dataDir, { recursive: true, force: true })),
 *   };
 * });
 */
export function describeWorldConformance(name: string, factory: WorldFactory): void {
  describe(`World conformance: ${name}`, () => {
    describe("runs", () => describeRunsContract(factory));
    describe("hooks", () => describeHooksContract(factory));
    describe("queue", () => describeQueueContract(factory));
    describe("messages written with events", () => describeQueueWithWritesContract(factory));
    describe("streams", () => describeStreamsContract(factory));
    describe("watch", () => describeWatchContract(factory));
    describe("owners", () => describeOwnersContract(factory));
    describe("several instances on one store", () => describeSharedStoreContract(factory));
  });
}
