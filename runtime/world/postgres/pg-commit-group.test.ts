import { describe, expect, it } from "vitest";
import type { QueueMessage } from "../world.ts";
import { createTempPostgres, isPostgresAvailable } from "./testing/temp-postgres.ts";

const available = await isPostgresAvailable();
const db = createTempPostgres("group");
const request = { workflowName: "workflow//a.ts//f", input: "[]", seed: "s" };
const stepCreated = (runId: string, n: number) => ({ type: "step_created" as const, correlationId: `step_${runId.slice(5)}_${n}`, stepName: "step//a.ts//s", input: "[]" });
const flow = (id: string, runId: string): QueueMessage => ({ kind: "flow", id, runId, dueAt: Date.now() + 60_000 });
const workerSchema = `"${db.schema}_worker"`;

async function jobKeys(keys: string[]): Promise<string[]> {
  const { rows } = await db.sql(`select key from ${workerSchema}.jobs where key = any($1::text[]) order by key`, [keys]);
  return rows.map((row: { key: string }) => row.key);
}

describe.runIf(available)("PostgreSQL world: appends of several runs made at once share transactions", () => {
  it("stores every append with its jobs, in fewer transactions than appends", async () => {
    const world = await db.open();
    const runIds = await Promise.all(Array.from({ length: 12 }, async () => (await world.createRun(request)).runId));
    const stored = await Promise.all(runIds.map((runId) => world.appendEvents(runId, [stepCreated(runId, 0)], { enqueue: [flow(`group-${runId}`, runId)] })));
    expect(stored.map((events) => events.map((event) => event.type))).toEqual(runIds.map(() => ["step_created"]));
    expect(await jobKeys(runIds.map((runId) => `group-${runId}`))).toEqual(runIds.map((runId) => `group-${runId}`).toSorted());
    for (const runId of runIds) expect((await world.getRun(runId))?.eventCount).toBe(2);
    // Rows written by one transaction share its id (xmin).
    const { rows } = await db.sql(`select count(distinct xmin::text)::int as n from "${db.schema}".runs where run_id = any($1::text[])`, [runIds]);
    expect(rows[0].n).toBeLessThan(runIds.length);
  });

  it("an append that fails in a group fails alone: the others are stored with their jobs", async () => {
    const world = await db.open();
    const runIds = await Promise.all(Array.from({ length: 8 }, async () => (await world.createRun(request)).runId));
    const poisoned = runIds[5];
    await db.sql(`create or replace function ${workerSchema}.refuse_group_poison() returns trigger language plpgsql as $$
      begin
        if new.key = 'group-poison' then raise exception 'job % refused by the test', new.key; end if;
        return new;
      end $$`);
    await db.sql(`create or replace trigger refuse_group_poison before insert or update on ${workerSchema}._private_jobs for each row execute function ${workerSchema}.refuse_group_poison()`);
    const results = await Promise.allSettled(
      runIds.map((runId) => world.appendEvents(runId, [stepCreated(runId, 0)], { enqueue: [flow(runId === poisoned ? "group-poison" : `fine-${runId}`, runId)] })),
    );
    expect(results.map((result) => result.status)).toEqual(runIds.map((runId) => (runId === poisoned ? "rejected" : "fulfilled")));
    expect((await world.readEvents(poisoned))!.map((event) => event.type)).toEqual(["run_created"]);
    const fine = runIds.filter((runId) => runId !== poisoned);
    expect(await jobKeys(fine.map((runId) => `fine-${runId}`))).toEqual(fine.map((runId) => `fine-${runId}`).toSorted());
    for (const runId of fine) expect((await world.readEvents(runId))!.map((event) => event.type)).toEqual(["run_created", "step_created"]);
  });

  it("several appends to one run made at once are all stored", async () => {
    const world = await db.open();
    const [runId, other] = [(await world.createRun(request)).runId, (await world.createRun(request)).runId];
    await Promise.all([
      ...Array.from({ length: 5 }, (_, n) => world.appendEvents(runId, [stepCreated(runId, n)])),
      world.appendEvents(other, [stepCreated(other, 0)]),
    ]);
    const events = (await world.readEvents(runId))!;
    expect(events[0].type).toBe("run_created");
    expect(events.slice(1).map((event) => (event.type === "step_created" ? event.correlationId : event.type)).toSorted()).toEqual(
      Array.from({ length: 5 }, (_, n) => stepCreated(runId, n).correlationId),
    );
  });
});
