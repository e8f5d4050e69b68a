import { describe, expect, it } from "vitest";
import { createTempPostgres, isPostgresAvailable } from "./testing/temp-postgres.ts";

const available = await isPostgresAvailable();
const db = createTempPostgres("create");

describe.runIf(available)("PostgreSQL world: a run's creation writes its row once", () => {
  it("the row of a run created with its first events is inserted as they leave it, search text included, and not updated", async () => {
    // A schema of its own: its first row is the run's, so any update of it would show as a second row version.
    const schema = db.newSchema();
    const world = await db.open({ schema });
    const { runId } = await world.createRun({
      workflowName: "workflow//a.ts//Invoice",
      input: '["ACME-7"]',
      seed: "s",
      firstEvents: () => [{ type: "run_started" }, { type: "step_created", correlationId: "step_1", stepName: "s", input: "[]" }],
    });
    const { rows } = await db.sql(`select ctid::text as ctid, status, started_at, event_count, search_text from "${schema}".runs where run_id = $1`, [runId]);
    expect(rows).toEqual([{ ctid: "(0,1)", status: "running", started_at: expect.any(String), event_count: 3, search_text: `workflow//a.ts//invoice ${runId.toLowerCase()} ["acme-7"]` }]);
    expect((await world.listRuns({ search: "acme-7" })).data.map((run) => run.runId)).toEqual([runId]);
  });

  it("a run whose first events end it is created ended, with no claim and no hook left", async () => {
    const world = await db.open();
    const { runId } = await world.createRun({
      workflowName: "workflow//a.ts//f",
      input: "[]",
      seed: "s",
      firstEvents: async (runCreated) => {
        expect(await world.owners.claim(runCreated.runId)).toBe(world.owners.self);
        const hook = { token: `created-${runCreated.runId}`, runId: runCreated.runId, hookId: "hook_1", kind: "hook" as const, createdAt: Date.now() };
        expect(await world.hooks.claim(hook)).toBe(true);
        return [{ type: "run_started" }, { type: "run_completed", output: "[1]" }, { type: "step_created", correlationId: "step_1", stepName: "s", input: "[]" }];
      },
    });
    const run = await world.getRun(runId);
    expect(run).toMatchObject({ status: "completed", eventCount: 3 });
    expect(run?.completedAt).toBe(run?.startedAt);
    expect((await world.readEvents(runId))?.map((event) => event.type)).toEqual(["run_created", "run_started", "run_completed"]);
    expect((await db.sql(`select 1 from "${db.schema}".run_owners where run_id = $1`, [runId])).rows).toEqual([]);
    expect(await world.hooks.listByRun(runId)).toEqual([]);
  });
});
