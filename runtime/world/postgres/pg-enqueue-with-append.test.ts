import { describe, expect, it } from "vitest";
import type { QueueMessage } from "../world.ts";
import { createTempPostgres, isPostgresAvailable } from "./testing/temp-postgres.ts";

const available = await isPostgresAvailable();
const db = createTempPostgres("atomic");
const request = { workflowName: "workflow//a.ts//f", input: "[]", seed: "s" };
const stepCreated = (runId: string, n: number) => ({ type: "step_created" as const, correlationId: `step_${runId.slice(5)}_${n}`, stepName: "step//a.ts//s", input: "[]" });
const flow = (id: string, runId: string, inMs = 0): QueueMessage => ({ kind: "flow", id, runId, dueAt: Date.now() + inMs });
const workerSchema = `"${db.schema}_worker"`;

/** The keys of the queued jobs among `keys`. */
async function jobKeys(keys: string[]): Promise<string[]> {
  const { rows } = await db.sql(`select key from ${workerSchema}.jobs where key = any($1::text[]) order by key`, [keys]);
  return rows.map((row: { key: string }) => row.key);
}

/** Makes graphile-worker refuse to store a job keyed `key`, as a failure inside the write's transaction would. */
async function poisonJobKey(key: string): Promise<void> {
  await db.sql(`create or replace function ${workerSchema}.refuse_poison() returns trigger language plpgsql as $$
    begin
      if new.key = '${key}' then raise exception 'job % refused by the test', new.key; end if;
      return new;
    end $$`);
  await db.sql(`create or replace trigger refuse_poison before insert or update on ${workerSchema}._private_jobs for each row execute function ${workerSchema}.refuse_poison()`);
}

describe.runIf(available)("PostgreSQL world: events and the jobs written with them commit together", () => {
  it("an append's events and its jobs both exist once it resolves; the jobs are routed and due as queue.enqueue's", async () => {
    const world = await db.open();
    const { runId } = await world.createRun(request);
    const later = flow("atomic-later", runId, 60_000);
    const owned: QueueMessage = { ...flow("atomic-owned", runId), owner: world.owners.self };
    const stored = await world.appendEvents(runId, [stepCreated(runId, 0)], { enqueue: [later, owned] });
    expect(stored.map((event) => event.type)).toEqual(["step_created"]);
    expect(await jobKeys(["atomic-later", "atomic-owned"])).toEqual(["atomic-later", "atomic-owned"]);
    const { rows } = await db.sql(`select key, task_identifier, (extract(epoch from run_at) * 1000)::bigint as due from ${workerSchema}.jobs where key = any($1::text[]) order by key`, [["atomic-later", "atomic-owned"]]);
    expect(rows.map((row: { key: string; task_identifier: string; due: string }) => [row.key, row.task_identifier, Number(row.due)])).toEqual([
      ["atomic-later", "workflow", later.dueAt],
      ["atomic-owned", `workflow:${world.owners.self}`, owned.dueAt],
    ]);
  });

  it("an append whose job cannot be added stores none of its events, nor its other jobs", async () => {
    const world = await db.open();
    const { runId } = await world.createRun(request);
    await poisonJobKey("poison-append");
    const failing = world.appendEvents(runId, [stepCreated(runId, 0)], { enqueue: [flow("fine-append", runId, 60_000), flow("poison-append", runId)] });
    await expect(failing).rejects.toThrow(/refused by the test/);
    expect((await world.readEvents(runId))!.map((event) => event.type)).toEqual(["run_created"]);
    expect((await world.getRun(runId))?.eventCount).toBe(1);
    expect(await jobKeys(["fine-append", "poison-append"])).toEqual([]);
    // The same append without the refused job commits both.
    const stored = await world.appendEvents(runId, [stepCreated(runId, 0)], { enqueue: [flow("fine-append", runId, 60_000)] });
    expect(stored).toHaveLength(1);
    expect(await jobKeys(["fine-append"])).toEqual(["fine-append"]);
  });

  it("a run's creation whose job cannot be added creates nothing", async () => {
    const world = await db.open();
    await poisonJobKey("poison-create");
    const workflowName = "workflow//a.ts//refused";
    const failing = world.createRun({ ...request, workflowName, idempotencyKey: "atomic-create", firstEvents: () => [{ type: "run_started" }], enqueue: () => [flow("poison-create", "wrun_01JD8Z3K4M5N6P7Q8R9S0T1V2W")] });
    await expect(failing).rejects.toThrow(/refused by the test/);
    expect((await world.listRuns({ workflowName })).data).toEqual([]);
    expect(await jobKeys(["poison-create"])).toEqual([]);
    // The key stayed free: a creation with a job that can be added stores both.
    const created = await world.createRun({ ...request, workflowName, idempotencyKey: "atomic-create", enqueue: (runCreated) => [flow(`first-${runCreated.runId}`, runCreated.runId, 60_000)] });
    expect(created.created).toBe(true);
    expect(await jobKeys([`first-${created.runId}`])).toEqual([`first-${created.runId}`]);
  });

  it("an append that stores nothing adds no job", async () => {
    const world = await db.open();
    const { runId } = await world.createRun(request);
    await world.appendEvents(runId, [{ type: "run_completed", output: "[null]" }]);
    expect(await world.appendEvents(runId, [stepCreated(runId, 0)], { enqueue: [flow("after-end", runId, 60_000)] })).toEqual([]);
    expect(await jobKeys(["after-end"])).toEqual([]);
  });
});
