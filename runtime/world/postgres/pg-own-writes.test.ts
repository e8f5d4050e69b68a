import { describe, expect, it } from "vitest";
import { createTempPostgres, isPostgresAvailable } from "./testing/temp-postgres.ts";

const available = await isPostgresAvailable();
const db = createTempPostgres("own");
const request = { workflowName: "workflow//a.ts//f", input: "[]", seed: "s" };

describe.runIf(available)("PostgreSQL world: claims stored with a run's creation and dropped with its end", () => {
  it("a run claimed while it is being created is owned by its creator from its first write on", async () => {
    const [a, b] = [await db.open(), await db.open()];
    let claimedBy: string | undefined;
    const { runId } = await a.createRun({
      ...request,
      firstEvents: async (runCreated) => {
        claimedBy = await a.owners.claim(runCreated.runId);
        return [{ type: "run_started" }];
      },
    });
    expect(claimedBy).toBe(a.owners.self);
    expect(await b.owners.claim(runId)).toBe(a.owners.self);
    expect(await b.owners.listOrphaned()).not.toContain(runId);
  });

  it("a creation that fails leaves no claim; a run created without one is orphaned", async () => {
    const [a, b] = [await db.open(), await db.open()];
    let attempted: string | undefined;
    await expect(
      a.createRun({
        ...request,
        firstEvents: async (runCreated) => {
          attempted = runCreated.runId;
          await a.owners.claim(runCreated.runId);
          throw new Error("refused");
        },
      }),
    ).rejects.toThrow("refused");
    const { rows } = await db.sql(`select 1 from "${db.schema}".run_owners where run_id = $1`, [attempted]);
    expect(rows).toEqual([]);
    const { runId } = await a.createRun(request);
    expect(await b.owners.listOrphaned()).toContain(runId);
  });

  it("the append that ends a run drops its claim and its hooks", async () => {
    const [a, b] = [await db.open(), await db.open()];
    const { runId } = await a.createRun(request);
    expect(await a.owners.claim(runId)).toBe(a.owners.self);
    const hook = { token: `own-${runId}`, runId, hookId: `hook_${runId.slice(5)}_0`, kind: "hook" as const, createdAt: Date.now() };
    expect(await a.hooks.claim(hook)).toBe(true);
    await a.appendEvents(runId, [{ type: "run_completed", output: "[null]" }]);
    expect(await a.hooks.listByRun(runId)).toEqual([]);
    expect(await b.hooks.listByRun(runId)).toEqual([]);
    await a.owners.release(runId);
    const { rows } = await db.sql(`select owner_id from "${db.schema}".run_owners where run_id = $1`, [runId]);
    expect(rows).toEqual([]);
    // Claimed again after its end (a late delivery), the claim is released by a statement of its own.
    expect(await a.owners.claim(runId)).toBe(a.owners.self);
    await a.owners.release(runId);
    expect((await db.sql(`select owner_id from "${db.schema}".run_owners where run_id = $1`, [runId])).rows).toEqual([]);
  });
});
