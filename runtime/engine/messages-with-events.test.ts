import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createFsWorld } from "../world/fs/create-fs-world.ts";
import { createMemoryWorld } from "../world/memory/create-memory-world.ts";
import type { QueueMessage, World } from "../world/world.ts";
import { loadFixture } from "./__fixtures__/harness.ts";
import { createRuntime } from "./create-runtime.ts";

let fixture: Awaited<ReturnType<typeof loadFixture>>;
const dirs: string[] = [];
beforeAll(async () => {
  fixture = await loadFixture("basic.ts");
});
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const WORKFLOW = (name: string) => `workflow//runtime/engine/__fixtures__/basic.ts//${name}`;

/** A write of the world as the engine made it: the event types and the messages written with them. */
interface Write {
  types: string[];
  messages: QueueMessage[];
}

/**
 * Wraps a world to record its writes and the messages queued on their own (`queue.enqueue`; recovery's
 * re-derivation of open work may queue those too, so only a process that does not consume checks them).
 */
function recording(world: World) {
  const writes: Write[] = [];
  const separate: QueueMessage[] = [];
  const recorded: World = {
    ...world,
    appendEvents: (runId, events, options) => {
      writes.push({ types: events.map((event) => event.type), messages: options?.enqueue ?? [] });
      return world.appendEvents(runId, events, options);
    },
    createRun: (request) =>
      world.createRun({
        ...request,
        enqueue: (runCreated) => {
          const messages = request.enqueue?.(runCreated) ?? [];
          writes.push({ types: ["run_created"], messages });
          return messages;
        },
      }),
    queue: {
      ...world.queue,
      enqueue: (message) => {
        separate.push(message);
        return world.queue.enqueue(message);
      },
    },
  };
  return { world: recorded, writes, separate };
}

const WORLDS: Array<[string, () => Promise<World>]> = [
  [
    "filesystem world",
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), "wf-messages-with-events-"));
      dirs.push(dataDir);
      return createFsWorld({ dataDir });
    },
  ],
  ["memory world", async () => createMemoryWorld()],
];

describe.each(WORLDS)("%s: the message that follows an outcome is written with it", (_name, openWorld) => {
  test("a step's retry message is written with its step_retrying, and the retry runs even when due at once", async () => {
    const base = await openWorld();
    const { world, writes } = recording(base);
    const runtime = createRuntime({ world, workflowBundle: () => fixture.bundle });
    try {
      const { runId } = await runtime.start(WORKFLOW("retrying"), ["with-events", 2]);
      await runtime.waitForRun(runId);
      expect((await world.getRun(runId))?.status).toBe("completed");
      const retries = writes.filter((write) => write.types.includes("step_retrying"));
      expect(retries).toHaveLength(2);
      for (const write of retries) expect(write.messages.map((message) => message.kind)).toEqual(["step"]);
      expect(retries.map((write) => (write.messages[0] as Extract<QueueMessage, { kind: "step" }>).attempt)).toEqual([2, 3]);
    } finally {
      await runtime.close();
      await base.close();
    }
  });

  test("a retry due at once runs: its message, delivered while the failed attempt is still finishing, is not taken for a duplicate", async () => {
    const world = await openWorld();
    const runtime = createRuntime({ world, workflowBundle: () => fixture.bundle });
    try {
      const { runId } = await runtime.start(WORKFLOW("retryingNow"), ["due-at-once", 3]);
      await runtime.waitForRun(runId);
      expect(await world.getRun(runId)).toMatchObject({ status: "completed" });
      const types = (await world.readEvents(runId))!.map((event) => event.type);
      expect(types.filter((type) => type === "step_retrying")).toHaveLength(3);
    } finally {
      await runtime.close();
      await world.close();
    }
  });

  test("a sleep's message is written with its wait_created", async () => {
    const base = await openWorld();
    const { world, writes } = recording(base);
    const runtime = createRuntime({ world, workflowBundle: () => fixture.bundle });
    try {
      const { runId } = await runtime.start(WORKFLOW("sleeper"), [30]);
      await runtime.waitForRun(runId);
      expect((await world.getRun(runId))?.status).toBe("completed");
      const wait = (await world.readEvents(runId))!.find((event) => event.type === "wait_created")!;
      const withWait = writes.filter((write) => write.messages.some((message) => message.id === (wait as { correlationId: string }).correlationId));
      expect(withWait).toHaveLength(1);
    } finally {
      await runtime.close();
      await base.close();
    }
  });

  test("a run started by a process that does not consume the queue has its first flow message written with it", async () => {
    const base = await openWorld();
    const { world, writes, separate } = recording(base);
    const starter = createRuntime({ world, workflowBundle: () => fixture.bundle, consume: false });
    const { runId } = await starter.start(WORKFLOW("seq"), [2]);
    expect(writes).toEqual([{ types: ["run_created"], messages: [expect.objectContaining({ kind: "flow", runId })] }]);
    expect(separate).toEqual([]);
    const consumer = createRuntime({ world: base, workflowBundle: () => fixture.bundle });
    try {
      await consumer.waitForRun(runId);
      expect((await base.getRun(runId))?.status).toBe("completed");
    } finally {
      await consumer.close();
      await starter.close();
      await base.close();
    }
  });
});
