import fs, { appendFileSync, mkdirSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import type { NewWorkflowEvent } from "../../events/event.ts";
import { createTempWorlds } from "./testing/temp-worlds.ts";

const open = createTempWorlds("wf-runs-");

const stepCreated = (id: string): NewWorkflowEvent => ({ type: "step_created", correlationId: id, stepName: "step//a.ts//s", input: "[]" });
const RUN = { workflowName: "workflow//a.ts//wf", input: "[]", seed: "seed" };

describe("fs world: runs and event logs", () => {
  it("creates a run and appends, reads and summarizes its events", async () => {
    const { world } = await open();
    const { runId, created } = await world.createRun({ ...RUN, url: "http://localhost:5173" });
    expect(created).toBe(true);
    expect(runId).toMatch(/^wrun_[0-9A-HJKMNP-TV-Z]{26}$/);
    const before = Date.now();
    const [started] = await world.appendEvents(runId, [{ type: "run_started" }]);
    expect(started).toMatchObject({ type: "run_started", runId });
    expect(started.eventId).toMatch(/^evnt_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(started.createdAt).toBeGreaterThanOrEqual(before);
    await world.appendEvents(runId, [stepCreated("step_1")]);

    const events = (await world.readEvents(runId))!;
    expect(events.map((e) => e.type)).toEqual(["run_created", "run_started", "step_created"]);
    expect(events[0]).toMatchObject({ workflowName: RUN.workflowName, seed: "seed", url: "http://localhost:5173" });
    expect((await world.readEvents(runId, 2))!.map((e) => e.type)).toEqual(["step_created"]);
    expect(await world.readEvents(runId, 3)).toEqual([]);
    expect(await world.getRun(runId)).toMatchObject({ runId, workflowName: RUN.workflowName, status: "running", eventCount: 3 });
    expect(await world.readEvents("wrun_01ARZ3NDEKTSV4RRFFQ69G5FAV")).toBeUndefined();
    expect(await world.getRun("../../etc/passwd")).toBeUndefined();
  });

  it("assigns strictly increasing event ids, also within one batch", async () => {
    const { world } = await open();
    const { runId } = await world.createRun(RUN);
    for (let i = 0; i < 20; i++) await world.appendEvents(runId, [stepCreated(`step_${i}a`), stepCreated(`step_${i}b`), stepCreated(`step_${i}c`)]);
    const ids = (await world.readEvents(runId))!.map((e) => e.eventId);
    expect(ids).toHaveLength(61);
    expect(ids.toSorted()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("writes one call's events as one line batch and reloads them in a new instance", async () => {
    const { world, dataDir } = await open();
    const { runId } = await world.createRun(RUN);
    const stored = await world.appendEvents(runId, [stepCreated("step_1"), stepCreated("step_2"), stepCreated("step_3")]);
    expect(stored).toHaveLength(3);
    const lines = readFileSync(join(dataDir, "runs", runId, "events.jsonl"), "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[1]).$more).toBe(true);
    expect(JSON.parse(lines[3]).$more).toBeUndefined();
    const { world: second } = await open(dataDir);
    expect(await second.readEvents(runId)).toEqual(await world.readEvents(runId));
    expect((await second.readEvents(runId))![1]).not.toHaveProperty("$more");
  });

  it("ignores a torn last line on load and overwrites it on the next append", async () => {
    const { world, dataDir } = await open();
    const { runId } = await world.createRun(RUN);
    await world.appendEvents(runId, [stepCreated("step_1")]);
    await world.close();
    const log = join(dataDir, "runs", runId, "events.jsonl");
    appendFileSync(log, '{"type":"step_created","correlationId":"step_torn","inp');

    const { world: reopened } = await open(dataDir);
    expect((await reopened.readEvents(runId))!.map((e) => e.type)).toEqual(["run_created", "step_created"]);
    expect((await reopened.getRun(runId))!.eventCount).toBe(2);
    await reopened.appendEvents(runId, [stepCreated("step_2")]);
    const text = readFileSync(log, "utf8");
    expect(text).not.toContain("step_torn");
    expect(text.endsWith("\n")).toBe(true);
    const { world: third } = await open(dataDir);
    expect((await third.readEvents(runId))!.map((e) => (e as { correlationId?: string }).correlationId)).toEqual([undefined, "step_1", "step_2"]);
  });

  it("drops a batch whose last line never made it to disk", async () => {
    const { world, dataDir } = await open();
    const { runId } = await world.createRun(RUN);
    await world.appendEvents(runId, [stepCreated("step_1"), stepCreated("step_2")]);
    await world.close();
    const log = join(dataDir, "runs", runId, "events.jsonl");
    // Cut the file right after the first line of the two-line batch: complete line, incomplete batch.
    const lines = readFileSync(log, "utf8").split("\n");
    truncateSync(log, Buffer.byteLength(`${lines[0]}\n${lines[1]}\n`));
    const { world: reopened } = await open(dataDir);
    expect(await reopened.readEvents(runId)).toHaveLength(1);
    await reopened.appendEvents(runId, [stepCreated("step_3")]);
    expect((await reopened.readEvents(runId))!.map((e) => e.type)).toEqual(["run_created", "step_created"]);
    expect(readFileSync(log, "utf8")).not.toContain('"step_1"');
  });

  it("reads a log that is broken in the middle as the run's failure, ERR_CORRUPT_LOG", async () => {
    const { world, dataDir } = await open();
    const { runId } = await world.createRun(RUN);
    await world.appendEvents(runId, [stepCreated("step_1")]);
    await world.close();
    const log = join(dataDir, "runs", runId, "events.jsonl");
    const lines = readFileSync(log, "utf8").split("\n");
    writeFileSync(log, `${lines[0]}\n{oops\n${lines[1]}\n`);
    const { world: reopened } = await open(dataDir);
    const events = (await reopened.readEvents(runId))!;
    expect(events.map((e) => e.type)).toEqual(["run_created", "step_created", "run_failed"]);
    expect(events[2]).toMatchObject({ error: { code: "ERR_CORRUPT_LOG", message: expect.stringContaining(`${log} has an unreadable line 2`) } });
  });

  it("accepts nothing after a terminal run event", async () => {
    const { world } = await open();
    const { runId } = await world.createRun(RUN);
    const stored = await world.appendEvents(runId, [{ type: "run_completed", output: "1" }, stepCreated("step_late")]);
    expect(stored.map((e) => e.type)).toEqual(["run_completed"]);
    expect(await world.appendEvents(runId, [stepCreated("step_2")])).toEqual([]);
    expect(await world.appendEvents(runId, [{ type: "run_failed", error: { name: "Error", message: "x" } }])).toEqual([]);
    expect(await world.getRun(runId)).toMatchObject({ status: "completed", eventCount: 2 });
    expect(await world.listActiveRunIds()).toEqual([]);
  });

  it("drops a second terminal event for one correlation id, within and across calls", async () => {
    const { world, dataDir } = await open();
    const { runId } = await world.createRun(RUN);
    const first = await world.appendEvents(runId, [
      { type: "step_completed", correlationId: "step_1", result: "1" },
      { type: "step_completed", correlationId: "step_1", result: "2" },
      { type: "step_failed", correlationId: "step_2", error: { name: "Error", message: "x" }, fatal: false },
      { type: "step_failed", correlationId: "step_2", error: { name: "Error", message: "x" }, fatal: false },
      { type: "wait_completed", correlationId: "wait_1" },
    ]);
    expect(first).toHaveLength(4);
    const second = await world.appendEvents(runId, [
      { type: "step_failed", correlationId: "step_1", error: { name: "FatalError", message: "x" }, fatal: true },
      { type: "wait_completed", correlationId: "wait_1" },
      { type: "hook_disposed", correlationId: "hook_1" },
      { type: "hook_disposed", correlationId: "hook_1" },
      { type: "step_failed", correlationId: "step_2", error: { name: "FatalError", message: "x" }, fatal: true },
      { type: "step_completed", correlationId: "step_2", result: "late" },
    ]);
    expect(second.map((e) => `${e.type}:${(e as { correlationId: string }).correlationId}`)).toEqual(["hook_disposed:hook_1", "step_failed:step_2"]);
    // Also after a reload: the dedupe state is rebuilt from the log.
    const { world: again } = await open(dataDir);
    expect(await again.appendEvents(runId, [{ type: "step_completed", correlationId: "step_1", result: "3" }])).toEqual([]);
  });

  it("stores a caller's createdAt, and an exact call whole or not at all", async () => {
    const { world, dataDir } = await open();
    const { runId } = await world.createRun(RUN);
    const stored = await world.appendEvents(runId, [stepCreated("step_1"), { type: "step_completed", correlationId: "step_1", result: "1" }], { createdAt: 1_700_000_000_123, exact: true });
    expect(stored.map((e) => e.createdAt)).toEqual([1_700_000_000_123, 1_700_000_000_123]);
    // A duplicate outcome makes the whole exact call a no-op; without `exact` only the duplicate is dropped.
    const duplicate: NewWorkflowEvent[] = [stepCreated("step_2"), { type: "step_completed", correlationId: "step_1", result: "2" }];
    expect(await world.appendEvents(runId, duplicate, { exact: true })).toEqual([]);
    expect(await world.appendEvents(runId, [{ type: "step_completed", correlationId: "step_3", result: "3" }, { type: "run_completed", output: "1" }, stepCreated("step_4")], { exact: true })).toEqual([]);
    expect((await world.appendEvents(runId, duplicate)).map((e) => e.type)).toEqual(["step_created"]);
    const { world: reopened } = await open(dataDir);
    const events = (await reopened.readEvents(runId))!;
    expect(events.map((e) => e.type)).toEqual(["run_created", "step_created", "step_completed", "step_created"]);
    expect(events[1].createdAt).toBe(1_700_000_000_123);
    expect(events.map((e) => e.eventId).toSorted()).toEqual(events.map((e) => e.eventId));
    await expect(world.appendEvents(runId, [stepCreated("step_5")], { createdAt: Number.NaN })).rejects.toThrow(/createdAt/);
  });

  it("stores a run's first events with run_created in its first write, only when it creates the run", async () => {
    const { world, dataDir } = await open();
    const seen: string[] = [];
    const firstEvents = (runCreated: { runId: string }): NewWorkflowEvent[] => {
      seen.push(runCreated.runId);
      return [{ type: "run_started" }, stepCreated("step_1")];
    };
    const result = await world.createRun({ ...RUN, idempotencyKey: "first-events", firstEvents });
    expect(seen).toEqual([result.runId]);
    expect(result.events!.map((e) => e.type)).toEqual(["run_created", "run_started", "step_created"]);
    expect(new Set(result.events!.map((e) => e.createdAt)).size).toBe(1);
    expect(await world.createRun({ ...RUN, idempotencyKey: "first-events", firstEvents })).toEqual({ runId: result.runId, created: false });
    expect(seen).toHaveLength(1);
    await expect(world.createRun({ ...RUN, firstEvents: () => Promise.reject(new Error("no")) })).rejects.toThrow("no");
    const { world: reopened } = await open(dataDir);
    expect(await reopened.readEvents(result.runId)).toEqual(result.events);
    expect(await reopened.getRun(result.runId)).toMatchObject({ status: "running", eventCount: 3 });
    expect((await reopened.listRuns()).data.map((r) => r.runId)).toEqual([result.runId]);
  });

  it("creates runs in prepared directories that never show up as runs, and cleans them up", async () => {
    const { world, dataDir } = await open();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await world.createRun(RUN)).runId);
    await new Promise((resolve) => setTimeout(resolve, 50));
    ids.push((await world.createRun(RUN)).runId);
    const spares = () => readdirSync(join(dataDir, "runs")).filter((name) => name.startsWith("."));
    expect(spares().length).toBeGreaterThan(0);
    expect((await world.listRuns()).data.map((r) => r.runId)).toEqual(ids.toReversed());
    expect((await world.listActiveRunIds()).toSorted()).toEqual(ids.toSorted());
    for (const runId of ids) expect(await world.appendEvents(runId, [{ type: "run_started" }])).toHaveLength(1);
    await world.close();
    expect(spares()).toEqual([]);
    expect(readdirSync(join(dataDir, "active")).filter((name) => name.startsWith("."))).toEqual([]);
    // Spares of a process that died are removed by the next world on the data dir.
    mkdirSync(join(dataDir, "runs", ".spare-999999999-0a0b0c0d-1"));
    writeFileSync(join(dataDir, "runs", ".spare-999999999-0a0b0c0d-1", "events.jsonl"), "");
    writeFileSync(join(dataDir, "active", ".spare-999999999-0a0b0c0d-1"), "");
    const { world: next } = await open(dataDir);
    await expect.poll(spares).toEqual([]);
    await expect.poll(() => readdirSync(join(dataDir, "active")).filter((name) => name.startsWith("."))).toEqual([]);
    expect((await next.readEvents(ids[12]))!.map((e) => e.type)).toEqual(["run_created", "run_started"]);
  });

  it("rejects malformed run ids and events before touching the disk", async () => {
    const { world } = await open();
    await expect(world.appendEvents("wrun_../../x", [{ type: "run_started" }])).rejects.toMatchObject({ code: "ERR_WORLD_INVALID_INPUT" });
    const { runId } = await world.createRun(RUN);
    await expect(world.appendEvents(runId, [{ type: "Bad Type" } as never])).rejects.toMatchObject({ code: "ERR_WORLD_INVALID_INPUT" });
    await expect(world.appendEvents("wrun_01ARZ3NDEKTSV4RRFFQ69G5FAV", [{ type: "run_started" }])).rejects.toMatchObject({
      code: "ERR_WORLD_INVALID_INPUT",
    });
  });

  it("honours idempotency keys atomically under concurrent creates", async () => {
    const { world, dataDir } = await open();
    const { world: other } = await open(dataDir);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? world : other).createRun({ ...RUN, idempotencyKey: "order-42" })),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.runId)).size).toBe(1);
    expect((await world.listRuns()).data).toHaveLength(1);
    const distinct = await world.createRun({ ...RUN, idempotencyKey: "order-43" });
    expect(distinct.created).toBe(true);
  });

  it("lists runs newest first with filters and cursors", async () => {
    const { world } = await open();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await world.createRun({ ...RUN, workflowName: i % 2 ? "workflow//odd" : "workflow//even" })).runId);
    await world.appendEvents(ids[6], [{ type: "run_cancelled" }]);
    const page1 = await world.listRuns({ limit: 3 });
    expect(page1.data.map((r) => r.runId)).toEqual([ids[6], ids[5], ids[4]]);
    const page2 = await world.listRuns({ limit: 3, cursor: page1.cursor! });
    expect(page2.data.map((r) => r.runId)).toEqual([ids[3], ids[2], ids[1]]);
    const page3 = await world.listRuns({ limit: 3, cursor: page2.cursor! });
    expect(page3).toEqual({ data: [expect.objectContaining({ runId: ids[0] })], cursor: null });
    expect((await world.listRuns({ workflowName: "workflow//odd" })).data.map((r) => r.runId)).toEqual([ids[5], ids[3], ids[1]]);
    expect((await world.listRuns({ status: "cancelled" })).data.map((r) => r.runId)).toEqual([ids[6]]);
    expect((await world.listActiveRunIds()).toSorted()).toEqual(ids.slice(0, 6).toSorted());
  });

  it("keeps two instances on one data dir consistent (each catches up with the other's appends)", async () => {
    const { world: a, dataDir } = await open();
    const { world: b } = await open(dataDir);
    const { runId } = await a.createRun(RUN);
    expect(await b.readEvents(runId)).toHaveLength(1);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).appendEvents(runId, [stepCreated(`step_${i}`), stepCreated(`step_${i}_x`)])),
    );
    const fromA = (await a.readEvents(runId))!;
    const fromB = (await b.readEvents(runId))!;
    expect(fromA).toHaveLength(81);
    expect(fromB).toEqual(fromA);
    const ids = fromA.map((e) => e.eventId);
    expect(ids.toSorted()).toEqual(ids);
    // A terminal event written by one instance stops appends through the other.
    await a.appendEvents(runId, [{ type: "run_completed", output: "0" }]);
    expect(await b.appendEvents(runId, [stepCreated("step_after")])).toEqual([]);
    expect(await b.getRun(runId)).toMatchObject({ status: "completed", eventCount: 82 });
  });

  it("answers getRun from its own last write while it holds the run's lease, from the log once another writer wrote", async () => {
    const { world: a, dataDir } = await open();
    const { world: b } = await open(dataDir);
    const { runId } = await a.createRun(RUN);
    await a.appendEvents(runId, [{ type: "run_started" }]);
    const fstat = vi.spyOn(fs, "fstatSync");
    try {
      expect(await a.getRun(runId)).toMatchObject({ status: "running", eventCount: 2 });
      expect(fstat).not.toHaveBeenCalled();
      // Another instance (another writer under this process's lease) appends: the log is looked at again.
      await b.appendEvents(runId, [stepCreated("step_1")]);
      fstat.mockClear();
      expect(await a.getRun(runId)).toMatchObject({ status: "running", eventCount: 3 });
      expect(fstat).toHaveBeenCalled();
    } finally {
      fstat.mockRestore();
    }
  });

  it("keeps run.json as a summary snapshot that getRun trusts only when current", async () => {
    const { world, dataDir } = await open();
    const { runId } = await world.createRun(RUN);
    await world.appendEvents(runId, [{ type: "run_started" }]);
    await world.close();
    const snapshot = JSON.parse(readFileSync(join(dataDir, "runs", runId, "run.json"), "utf8"));
    expect(snapshot).toMatchObject({ runId, status: "running", eventCount: 2, bytes: statSync(join(dataDir, "runs", runId, "events.jsonl")).size });
    // Simulate a crash after an append but before the snapshot: the log wins.
    appendFileSync(join(dataDir, "runs", runId, "events.jsonl"), `${JSON.stringify({ type: "run_completed", output: "1", runId, eventId: "evnt_7ZZZZZZZZZZZZZZZZZZZZZZZZZ", createdAt: 1 })}\n`);
    const { world: reopened } = await open(dataDir);
    expect(await reopened.getRun(runId)).toMatchObject({ status: "completed", eventCount: 3 });
  });

  it("writes the snapshot of an ended run while the world stays open, current, with no temp file left", async () => {
    const { world, dataDir } = await open();
    const { runId } = await world.createRun(RUN);
    const runDir = join(dataDir, "runs", runId);
    await world.appendEvents(runId, [{ type: "run_started" }]);
    for (let i = 0; i < 20; i++) await world.appendEvents(runId, [stepCreated(`step_${i}`)]);
    await world.appendEvents(runId, [{ type: "run_completed", output: "1" }]);
    const readSnapshot = () => {
      try {
        return JSON.parse(readFileSync(join(runDir, "run.json"), "utf8")) as { status: string; bytes: number; eventCount: number };
      } catch {
        return undefined;
      }
    };
    while (readSnapshot()?.status !== "completed") await new Promise((resolve) => setTimeout(resolve, 5));
    expect(readSnapshot()).toMatchObject({ runId, status: "completed", eventCount: 23, bytes: statSync(join(runDir, "events.jsonl")).size });
    expect(readdirSync(runDir).filter((name) => name.includes(".tmp"))).toEqual([]);
    // Another instance trusts it: the summary comes from the snapshot, equal to the fold.
    const { world: other } = await open(dataDir);
    expect(await other.getRun(runId)).toEqual(await world.getRun(runId));
  });
});
