import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createTempPostgres, isPostgresAvailable } from "./testing/temp-postgres.ts";

const available = await isPostgresAvailable();
const db = createTempPostgres("queue");

describe.runIf(available)("PostgreSQL world: the workers' local queue", () => {
  afterEach(() => void vi.restoreAllMocks());

  it("jobs waiting when the consumer starts are fetched several per query, and each is delivered once", async () => {
    // Spied before the world opens, so its connections' queries are seen.
    const query = vi.spyOn(pg.Client.prototype, "query");
    const world = await db.open();
    const { runId } = await world.createRun({ workflowName: "workflow//a.ts//f", input: "[]", seed: "s" });
    const ids = Array.from({ length: 12 }, (_, index) => `local-${index}`);
    for (const id of ids) await world.queue.enqueue({ kind: "flow", id, runId, dueAt: Date.now() });
    const fetchesBefore = query.mock.calls.filter(([config]) => String((config as { name?: string })?.name).startsWith("get_job")).length;
    const seen: string[] = [];
    let allSeen!: () => void;
    const done = new Promise<void>((resolve) => (allSeen = resolve));
    world.queue.consume(
      async (message) => {
        seen.push(message.id);
        if (seen.length === ids.length) allSeen();
      },
      { concurrency: 4 },
    );
    await done;
    expect(seen.toSorted()).toEqual(ids.toSorted());
    const fetches = query.mock.calls.filter(([config]) => String((config as { name?: string })?.name).startsWith("get_job")).length - fetchesBefore;
    // One query per worker and job would be twelve at least; a batch of up to four per query needs three.
    expect(fetches).toBeGreaterThan(0);
    expect(fetches).toBeLessThan(ids.length);
  });
});
