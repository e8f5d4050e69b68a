import { beforeAll, describe, expect, test } from "vitest";
import { createMemoryWorld } from "../world/memory/create-memory-world.ts";
import { loadFixture } from "./__fixtures__/harness.ts";
import { stepMessageId } from "./correlation-id.ts";
import { createRuntime } from "./create-runtime.ts";

let fixture: Awaited<ReturnType<typeof loadFixture>>;
beforeAll(async () => {
  fixture = await loadFixture("retry-later.ts");
});

async function until(probe: () => Promise<boolean>): Promise<void> {
  while (!(await probe())) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe("late copies of step deliveries", () => {
  test("a copy of an attempt that failed and has its retry scheduled runs nothing (the retry keeps its due time)", async () => {
    const world = createMemoryWorld();
    const runtime = createRuntime({ world, workflowBundle: () => fixture.bundle });
    try {
      const { runId } = await runtime.start("workflow//runtime/engine/__fixtures__/retry-later.ts//retriesLater", ["stale-copy"]);
      const types = async () => ((await world.readEvents(runId)) ?? []).map((event) => event.type);
      await until(async () => (await types()).includes("step_retrying"));
      const created = (await world.readEvents(runId))!.find((event) => event.type === "step_created")!;
      const { correlationId, stepName } = created as { correlationId: string; stepName: string };
      // A redelivered copy of attempt 1 (e.g. a claim a dead process held) must not start attempt 2 ahead of
      // its retryAt.
      await runtime.handleMessage({ kind: "step", id: stepMessageId(correlationId, 1), runId, correlationId, stepName, attempt: 1, dueAt: Date.now() });
      expect((await types()).filter((type) => type === "step_started")).toHaveLength(1);
      await runtime.cancel(runId);
    } finally {
      await runtime.close();
      await world.close();
    }
  });
});
