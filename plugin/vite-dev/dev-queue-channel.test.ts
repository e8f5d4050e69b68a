import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createFsWorld } from "../../runtime/world/fs/create-fs-world.ts";
import type { QueueMessage, World } from "../../runtime/world/world.ts";
import { announceQueuedMessages, devQueueChannelName, listenForQueuedMessages } from "./dev-queue-channel.ts";

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).toReversed()) await step();
});

async function openWorld(): Promise<{ world: World; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), "wf-dev-queue-"));
  const world = await createFsWorld({ dataDir });
  cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }), () => world.close());
  return { world, dataDir };
}

/** A listener whose handled messages can be awaited one by one, in order. */
function listen(channelName: string, world: World) {
  const handled: QueueMessage[] = [];
  const waiting: Array<(message: QueueMessage) => void> = [];
  const listener = listenForQueuedMessages(channelName, {
    async handleMessage(message) {
      handled.push(message);
      waiting.shift()?.(message);
    },
    ack: (id) => world.queue.ack(id),
  });
  cleanup.push(() => listener.close());
  return { handled, next: () => new Promise<QueueMessage>((resolve) => waiting.push(resolve)) };
}

describe("dev queue channel", () => {
  it("hands the message a recorded run queued to the listening dev server, which acks it from the store", async () => {
    const { world, dataDir } = await openWorld();
    const channelName = devQueueChannelName({ WORKFLOW_EMBEDDED_DATA_DIR: dataDir });
    const listener = listen(channelName, world);
    const recording = announceQueuedMessages(world, channelName);
    cleanup.push(() => recording.stopAnnouncing());

    const handled = listener.next();
    const { runId } = await recording.createRun({
      workflowName: "workflow//a.ts//f",
      input: "[]",
      seed: "s",
      enqueue: (runCreated) => [{ kind: "flow", id: `${runCreated.runId}_run`, runId: runCreated.runId, dueAt: Date.now() }],
    });
    expect(await handled).toMatchObject({ kind: "flow", runId });
    // Acked once handled: the store's queue will not deliver it a second time.
    await expect.poll(() => readdirSync(join(dataDir, "queue")).filter((name) => name.startsWith(runId))).toEqual([]);
  });

  it("leaves a message due later to the store's queue", async () => {
    const { world, dataDir } = await openWorld();
    const channelName = devQueueChannelName({ WORKFLOW_EMBEDDED_DATA_DIR: dataDir });
    const listener = listen(channelName, world);
    const recording = announceQueuedMessages(world, channelName);
    cleanup.push(() => recording.stopAnnouncing());
    const { runId } = await world.createRun({ workflowName: "workflow//a.ts//f", input: "[]", seed: "s" });

    const handled = listener.next();
    await recording.queue.enqueue({ kind: "flow", id: "later", runId, dueAt: Date.now() + 60_000 });
    await recording.queue.enqueue({ kind: "flow", id: "now", runId, dueAt: Date.now() });
    // Notices arrive in order: once "now" is handled, "later" was heard and skipped.
    expect((await handled).id).toBe("now");
    expect(listener.handled.map((message) => message.id)).toEqual(["now"]);
    expect(existsSync(join(dataDir, "queue", "later.json"))).toBe(true);
  });

  it("is keyed by the store, so a dev server never executes another store's runs", () => {
    expect(devQueueChannelName({ WORKFLOW_EMBEDDED_DATA_DIR: "/a" })).not.toBe(devQueueChannelName({ WORKFLOW_EMBEDDED_DATA_DIR: "/b" }));
  });
});
