import pg from "pg";
import { describe, expect, it } from "vitest";
import type { NewWorkflowEvent } from "../../events/event.ts";
import type { QueueMessage, WorldChange } from "../world.ts";
import { createTempPostgres, isPostgresAvailable, TEST_POSTGRES_URL } from "./testing/temp-postgres.ts";

const available = await isPostgresAvailable();
const db = createTempPostgres("world");
const request = { workflowName: "workflow//a.ts//f", input: "[]", seed: "s" };
const step = (n: number) => `step_01JD8Z3K4M5N6P7Q8R9S0T1V2W_${n}`;

describe.runIf(available)("PostgreSQL world: runs and events", () => {
  it("creates a run with its first events in one write and folds its summary", async () => {
    const world = await db.open();
    const created = await world.createRun({ ...request, firstEvents: () => [{ type: "run_started" }] });
    expect(created.created).toBe(true);
    expect(created.events?.map((e) => e.type)).toEqual(["run_created", "run_started"]);
    const events = await world.readEvents(created.runId);
    expect(events).toEqual(created.events);
    expect(await world.getRun(created.runId)).toMatchObject({ status: "running", eventCount: 2, workflowName: request.workflowName, startedAt: created.events![0].createdAt });
    expect(await world.readEvents(created.runId, 1)).toEqual(created.events!.slice(1));
    expect(await world.readEvents(created.runId, 5)).toEqual([]);
    expect(await world.readEvents("wrun_01JD8Z3K4M5N6P7Q8R9S0T1V2W")).toBeUndefined();
  });

  it("drops duplicate settling events, honours exact, and stores nothing after the run ended", async () => {
    const world = await db.open();
    const { runId } = await world.createRun(request);
    const done: NewWorkflowEvent = { type: "step_completed", correlationId: step(1), result: "1" };
    expect(await world.appendEvents(runId, [done, done])).toHaveLength(1);
    expect(await world.appendEvents(runId, [done])).toEqual([]);
    const other: NewWorkflowEvent = { type: "step_completed", correlationId: step(2), result: "2" };
    expect(await world.appendEvents(runId, [other, done], { exact: true })).toEqual([]);
    const stored = await world.appendEvents(runId, [other, { type: "run_completed", output: "x" }, { type: "run_started" }], { createdAt: 1234 });
    expect(stored.map((e) => [e.type, e.createdAt])).toEqual([["step_completed", 1234], ["run_completed", 1234]]);
    expect(await world.appendEvents(runId, [{ type: "run_started" }])).toEqual([]);
    expect(await world.getRun(runId)).toMatchObject({ status: "completed", completedAt: 1234, eventCount: 4 });
    expect(await world.listActiveRunIds()).not.toContain(runId);
    const ids = (await world.readEvents(runId))!.map((e) => e.eventId);
    expect(ids).toEqual(ids.toSorted());
  });

  it("honours idempotency keys across instances and lists runs newest first with a cursor", async () => {
    const [a, b] = await Promise.all([db.open(), db.open()]);
    const key = `key-${Math.random()}`;
    const results = await Promise.all([a.createRun({ ...request, idempotencyKey: key }), b.createRun({ ...request, idempotencyKey: key })]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results[0].runId).toBe(results[1].runId);
    const more = [await a.createRun({ ...request, workflowName: "workflow//b.ts//g" }), await a.createRun({ ...request, workflowName: "workflow//b.ts//g" })];
    const page = await b.listRuns({ workflowName: "workflow//b.ts//g", limit: 1 });
    expect(page.data.map((r) => r.runId)).toEqual([more[1].runId]);
    const next = await b.listRuns({ workflowName: "workflow//b.ts//g", limit: 1, cursor: page.cursor! });
    expect(next.data.map((r) => r.runId)).toEqual([more[0].runId]);
    await expect(b.listRuns({ cursor: "../x" })).rejects.toMatchObject({ code: "ERR_WORLD_INVALID_INPUT" });
  });

  it("keeps event ids increasing when two instances append to one run", async () => {
    const [a, b] = await Promise.all([db.open(), db.open()]);
    const { runId } = await a.createRun(request);
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).appendEvents(runId, [{ type: "step_completed", correlationId: step(i), result: "r" }])));
    const events = (await a.readEvents(runId))!;
    expect(events).toHaveLength(21);
    expect(events.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId).toSorted());
  });
});

describe.runIf(available)("PostgreSQL world: hooks, streams, notices", () => {
  it("gives a token to one live hook and frees it when the hook is disposed or its run ends", async () => {
    const world = await db.open();
    const [one, two] = [await world.createRun(request), await world.createRun(request)];
    const token = `tok-${Math.random()}`;
    const record = { token, runId: one.runId, hookId: "hook_1", kind: "hook" as const, createdAt: 1 };
    expect(await world.hooks.claim(record)).toBe(true);
    expect(await world.hooks.claim(record)).toBe(true);
    expect(await world.hooks.claim({ ...record, runId: two.runId })).toBe(false);
    expect(await world.hooks.get(token)).toMatchObject({ runId: one.runId, hookId: "hook_1" });
    expect(await world.hooks.listByRun(one.runId)).toHaveLength(1);
    await world.appendEvents(one.runId, [{ type: "hook_disposed", correlationId: "hook_1" }]);
    expect(await world.hooks.get(token)).toBeUndefined();
    expect(await world.hooks.claim({ ...record, runId: two.runId, hookId: "hook_2" })).toBe(true);
    await world.hooks.release(token, "hook_1");
    expect(await world.hooks.get(token)).toMatchObject({ runId: two.runId });
    await world.appendEvents(two.runId, [{ type: "run_cancelled" }]);
    expect(await world.hooks.get(token)).toBeUndefined();
  });

  it("tails a stream written by another instance until it closes", async () => {
    const [a, b] = await Promise.all([db.open(), db.open()]);
    const name = `strm_${Math.random().toString(36).slice(2)}`;
    const seen: string[] = [];
    const reading = (async () => {
      for await (const chunk of b.streams.read(name)) seen.push(new TextDecoder().decode(chunk));
    })();
    await a.streams.write(name, [new TextEncoder().encode("a"), new TextEncoder().encode("b")]);
    await a.streams.write(name, [new Uint8Array([0xff, 0x00])]);
    await a.streams.close(name);
    await reading;
    expect(seen.slice(0, 2)).toEqual(["a", "b"]);
    expect(seen).toHaveLength(3);
    const from = [];
    for await (const chunk of a.streams.read(name, { startIndex: 2 })) from.push([...chunk]);
    expect(from).toEqual([[0xff, 0x00]]);
  });

  it("tells watchers of other instances about run changes", async () => {
    const [a, b] = await Promise.all([db.open(), db.open()]);
    const changes: WorldChange[] = [];
    const seen = new Promise<void>((resolve) => b.watch((change) => (changes.push(change), change.type === "run" && resolve())));
    const { runId } = await a.createRun(request);
    await seen;
    expect(changes).toContainEqual({ type: "run", runId });
  });

  it("says with each of its own run changes whether the run ended, and other instances hear every run change", async () => {
    const [a, b] = await Promise.all([db.open(), db.open()]);
    const own: WorldChange[] = [];
    a.watch((change) => own.push(change));
    const { runId } = await a.createRun(request);
    const heard = new Promise<void>((resolve) => b.watch((change) => change.type === "run" && change.runId === runId && resolve()));
    await a.appendEvents(runId, [{ type: "step_completed", correlationId: step(1), result: "1" }]);
    await heard;
    await a.appendEvents(runId, [{ type: "run_completed", output: "x" }]);
    await a.appendEvents(runId, [{ type: "run_started" }]);
    expect(own).toEqual([
      { type: "run", runId, ended: false },
      { type: "run", runId, ended: false },
      { type: "run", runId, ended: true },
    ]);
  });
});

describe.runIf(available)("PostgreSQL world: queue and owners", () => {
  it("delivers a message once, at its due time, and replaces the due time of a queued id", async () => {
    const world = await db.open();
    const { runId } = await world.createRun(request);
    const got: Array<{ message: QueueMessage; at: number }> = [];
    let resolveDone!: () => void;
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    const stop = world.queue.consume(async (message) => {
      got.push({ message, at: Date.now() });
      await world.queue.ack(message.id);
      resolveDone();
    });
    const dueAt = Date.now() + 300;
    await world.queue.enqueue({ kind: "flow", id: "wait_x_1", runId, dueAt: Date.now() + 60_000 });
    await world.queue.enqueue({ kind: "flow", id: "wait_x_1", runId, dueAt });
    await done;
    stop();
    expect(got).toHaveLength(1);
    expect(got[0].at).toBeGreaterThanOrEqual(dueAt);
    expect(got[0].at - dueAt).toBeLessThan(250);
  });

  it("does not deliver again a message withdrawn while its handler ran, even when that handler throws", async () => {
    const world = await db.open();
    const { runId } = await world.createRun(request);
    const seen: string[] = [];
    world.queue.consume(async (message) => {
      seen.push(message.id);
      if (message.id === "withdrawn") {
        await world.queue.ack(message.id);
        throw new Error("handler failed after the message was withdrawn");
      }
    });
    await world.queue.enqueue({ kind: "flow", id: "withdrawn", runId, dueAt: Date.now() });
    await expect.poll(() => seen).toEqual(["withdrawn"]);
    // Due after the first redelivery would have been (250 ms): once it arrives, that one is known not to come.
    await world.queue.enqueue({ kind: "flow", id: "sentinel", runId, dueAt: Date.now() + 600 });
    await expect.poll(() => seen, { timeout: 5_000 }).toEqual(["withdrawn", "sentinel"]);
  });

  it("routes a live owner's messages to it and hands a dead owner's runs and messages to others", async () => {
    const [a, b] = await Promise.all([db.open(), db.open()]);
    const { runId } = await a.createRun(request);
    expect(await a.owners.claim(runId)).toBe(a.owners.self);
    expect(await b.owners.claim(runId)).toBe(a.owners.self);
    expect(await b.owners.isAlive(a.owners.self)).toBe(true);
    expect(await b.owners.listOrphaned()).not.toContain(runId);
    const seenByB: QueueMessage[] = [];
    b.queue.consume(async (message) => void seenByB.push(message));
    await b.queue.enqueue({ kind: "flow", id: `flow-${runId}`, runId, dueAt: Date.now(), owner: a.owners.self });
    await a.close();
    // a is gone: its claim is void, the run is orphaned, and its routed message reaches b.
    expect(await b.owners.isAlive(a.owners.self)).toBe(false);
    expect(await b.owners.listOrphaned()).toContain(runId);
    expect(await b.owners.claim(runId)).toBe(b.owners.self);
    await expect.poll(() => seenByB.map((m) => m.id), { timeout: 5_000 }).toEqual([`flow-${runId}`]);
  });
});

describe.runIf(available)("PostgreSQL world: lost connections", () => {
  it("retries an append whose connection was terminated mid-statement, and stores it once", async () => {
    const world = await db.open({ applicationName: "wf-world-kill" });
    const { runId } = await world.createRun(request);
    const locker = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await locker.connect();
    try {
      await locker.query("begin");
      await locker.query(`select 1 from "${db.schema}".runs where run_id = $1 for update`, [runId]);
      const appending = world.appendEvents(runId, [{ type: "step_completed", correlationId: step(1), result: "1" }]);
      const blocked = "select pid from pg_stat_activity where application_name = 'wf-world-kill' and wait_event_type = 'Lock'";
      await expect.poll(async () => (await db.sql(blocked)).rows.length).toBe(1);
      await db.sql(`select pg_terminate_backend(pid) from (${blocked}) b`);
      await locker.query("commit");
      expect(await appending).toHaveLength(1);
    } finally {
      await locker.end();
    }
    expect((await world.readEvents(runId))!.map((e) => e.type)).toEqual(["run_created", "step_completed"]);
  });

  it("keeps tailing a stream and watching runs after its LISTEN connection was terminated", async () => {
    const [a, b] = await Promise.all([db.open(), db.open({ applicationName: "wf-world-listen" })]);
    const name = `strm_${Math.random().toString(36).slice(2)}`;
    const seen: number[] = [];
    const reading = (async () => {
      for await (const chunk of b.streams.read(name)) seen.push(chunk[0]);
    })();
    await a.streams.write(name, [new Uint8Array([1])]);
    await expect.poll(() => seen).toEqual([1]);
    const { rows } = await db.sql("select pg_terminate_backend(pid) as done from pg_stat_activity where application_name = 'wf-world-listen' and query ilike 'listen%'");
    expect(rows).toEqual([{ done: true }]);
    await a.streams.write(name, [new Uint8Array([2])]);
    await a.streams.close(name);
    await reading;
    expect(seen).toEqual([1, 2]);
    // After a reconnect the watch also announces runs whose changes it may have missed (other tests' runs in
    // this schema), so wait for this run's notice among them.
    const changed = new Set<string>();
    b.watch((change) => change.type === "run" && changed.add(change.runId));
    const { runId } = await a.createRun(request);
    await expect.poll(() => changed.has(runId), { timeout: 10_000 }).toBe(true);
  });
});

describe.runIf(available)("PostgreSQL world: neighbours on one database", () => {
  it("keeps delivering while another schema on the database is set up (graphile-worker's migration notices are not ours)", async () => {
    const world = await db.open();
    const { runId } = await world.createRun(request);
    const seen: string[] = [];
    world.queue.consume(async (message) => void seen.push(message.id));
    await world.queue.enqueue({ kind: "flow", id: "before", runId, dueAt: Date.now() });
    await expect.poll(() => seen).toEqual(["before"]);
    // A fresh schema runs graphile-worker's migrations, some of them flagged breaking, announced database-wide.
    await db.open({ schema: db.newSchema() });
    // Due a little later, so the notices of that setup have reached this instance before it is delivered.
    await world.queue.enqueue({ kind: "flow", id: "after", runId, dueAt: Date.now() + 300 });
    await expect.poll(() => seen, { timeout: 5_000 }).toEqual(["before", "after"]);
  });
});
