import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import type { NewWorkflowEvent } from "../../events/event.ts";
import type { World } from "../world.ts";
import { createTempWorlds } from "./testing/temp-worlds.ts";

const open = createTempWorlds("wf-damage-");

const RUN = { workflowName: "workflow//a.ts//wf", input: "[]", seed: "seed" };
const stepCreated = (id: string): NewWorkflowEvent => ({ type: "step_created", correlationId: id, stepName: "step//a.ts//s", input: "[]" });

/** Creates `count` unfinished runs (sorted by id) with three lines each: run_created, run_started, step_created. */
async function unfinishedRuns(world: World, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { runId } = await world.createRun(RUN);
    await world.appendEvents(runId, [{ type: "run_started" }]);
    await world.appendEvents(runId, [stepCreated(`step_${i}`)]);
    ids.push(runId);
  }
  return ids.toSorted();
}

/** Replaces line `index` (0-based) of the run's log with `text`. */
function breakLine(dataDir: string, runId: string, index: number, text = "{oops"): string {
  const log = join(dataDir, "runs", runId, "events.jsonl");
  const lines = readFileSync(log, "utf8").split("\n");
  lines[index] = text;
  writeFileSync(log, lines.join("\n"));
  return log;
}

describe("fs world: a damaged log affects its run alone", () => {
  it("loads, lists and recovers every other run past a log corrupt in the middle", async () => {
    const { world, dataDir } = await open();
    const [first, damaged, last] = await unfinishedRuns(world, 3);
    await world.close();
    const log = breakLine(dataDir, damaged, 1);

    const { world: reopened } = await open(dataDir);
    expect(await reopened.listActiveRunIds()).toEqual([first, last]);
    const { data } = await reopened.listRuns();
    expect(data.map((run) => [run.runId, run.status])).toEqual([
      [last, "running"],
      [damaged, "failed"],
      [first, "running"],
    ]);
    const summary = await reopened.getRun(damaged);
    expect(summary).toMatchObject({ status: "failed", error: { code: "ERR_CORRUPT_LOG" } });
    expect(summary!.error!.message).toContain(log);
    expect(summary!.error!.message).toContain("line 2");
  });

  it("reads a damaged unfinished run as failed: readable events, then a run_failed naming the damage", async () => {
    const { world, dataDir } = await open();
    const [runId] = await unfinishedRuns(world, 1);
    await world.close();
    breakLine(dataDir, runId, 1);

    const { world: reopened } = await open(dataDir);
    const events = (await reopened.readEvents(runId))!;
    expect(events.map((e) => e.type)).toEqual(["run_created", "step_created", "run_failed"]);
    expect(events[2]).toMatchObject({ runId, error: { code: "ERR_CORRUPT_LOG" } });
    expect(events[2].eventId > events[1].eventId).toBe(true);
    expect(await reopened.readEvents(runId)).toEqual(events);
    expect(await reopened.readEvents(runId, 2)).toEqual([events[2]]);
    expect(await reopened.readEvents(runId, 3)).toEqual([]);
    expect((await reopened.getRun(runId))!.eventCount).toBe(3);
  });

  it("never writes to a damaged log, so repairing the file brings the run back", async () => {
    const { world, dataDir } = await open();
    const [runId] = await unfinishedRuns(world, 1);
    await world.close();
    const log = join(dataDir, "runs", runId, "events.jsonl");
    const original = readFileSync(log, "utf8");
    breakLine(dataDir, runId, 1);
    const damaged = readFileSync(log, "utf8");

    const { world: reopened } = await open(dataDir);
    expect(await reopened.appendEvents(runId, [stepCreated("step_late")])).toEqual([]);
    expect(readFileSync(log, "utf8")).toBe(damaged);
    await reopened.close();

    writeFileSync(log, original);
    const { world: repaired } = await open(dataDir);
    expect(await repaired.listActiveRunIds()).toEqual([runId]);
    expect(await repaired.getRun(runId)).toMatchObject({ status: "running", eventCount: 3 });
    expect((await repaired.getRun(runId))!.error).toBeUndefined();
  });

  it("keeps a finished run finished under a torn tail", async () => {
    const { world, dataDir } = await open();
    const { runId } = await world.createRun(RUN);
    await world.appendEvents(runId, [{ type: "run_started" }]);
    await world.appendEvents(runId, [{ type: "run_completed", output: "1" }]);
    await world.close();
    appendFileSync(join(dataDir, "runs", runId, "events.jsonl"), '{"type":"step_created","correlationId":"step_torn","inp');

    const { world: reopened } = await open(dataDir);
    expect(await reopened.getRun(runId)).toMatchObject({ status: "completed", eventCount: 3 });
    expect((await reopened.getRun(runId))!.error).toBeUndefined();
    expect((await reopened.listRuns()).data[0]).toMatchObject({ runId, status: "completed" });
    expect(await reopened.listActiveRunIds()).toEqual([]);
    expect((await reopened.readEvents(runId))!.map((e) => e.type)).toEqual(["run_created", "run_started", "run_completed"]);
  });

  it("keeps a finished run finished when a line before its end is corrupt, and reports the damage", async () => {
    const { world, dataDir } = await open();
    const { runId } = await world.createRun(RUN);
    await world.appendEvents(runId, [{ type: "run_started" }]);
    await world.appendEvents(runId, [{ type: "run_completed", output: "1" }]);
    await world.close();
    breakLine(dataDir, runId, 1);

    const { world: reopened } = await open(dataDir);
    const summary = (await reopened.getRun(runId))!;
    expect(summary).toMatchObject({ status: "completed", error: { code: "ERR_CORRUPT_LOG" } });
    expect(summary.error!.message).toContain("line 2");
    expect((await reopened.readEvents(runId))!.map((e) => e.type)).toEqual(["run_created", "run_completed"]);
  });

  it("sees damage made while the run is loaded", async () => {
    const { world, dataDir } = await open();
    const [runId] = await unfinishedRuns(world, 1);
    expect(await world.getRun(runId)).toMatchObject({ status: "running" });
    const log = join(dataDir, "runs", runId, "events.jsonl");
    // Another writer appends valid lines after a broken one.
    const last = JSON.parse(readFileSync(log, "utf8").trimEnd().split("\n").at(-1)!);
    appendFileSync(log, `{oops\n${JSON.stringify({ ...last, eventId: "evnt_7ZZZZZZZZZZZZZZZZZZZZZZZZZ", correlationId: "step_x" })}\n`);
    // While this process keeps the run's lease after its own last write it trusts what it wrote; the lease
    // lapses 50 ms after that write, and the next read looks at the file.
    await vi.waitFor(async () => expect(await world.getRun(runId)).toMatchObject({ status: "failed", error: { code: "ERR_CORRUPT_LOG" } }), { timeout: 5_000, interval: 10 });
    expect((await world.getRun(runId))!.error!.message).toContain("line 4");
    expect(await world.listActiveRunIds()).toEqual([]);
  });
});
