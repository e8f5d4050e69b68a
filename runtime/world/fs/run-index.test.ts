import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import type { World } from "../world.ts";
import { createFsWorld } from "./create-fs-world.ts";

let dataDir: string;
const open: World[] = [];
const openWorld = async () => {
  const world = await createFsWorld({ dataDir });
  open.push(world);
  return world;
};
const indexPath = () => join(dataDir, "run-index.jsonl");

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), "wf-run-index-"));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((world) => world.close()));
  rmSync(dataDir, { recursive: true, force: true });
});

test("one line per change of status, none for appends that keep it", async () => {
  const world = await openWorld();
  const { runId } = await world.createRun({ workflowName: "workflow//a.ts//f", input: '[["x"]]', seed: "s", firstEvents: () => [{ type: "run_started" }] });
  await world.appendEvents(runId, [{ type: "step_created", correlationId: `step_${runId.slice(5)}_0`, stepName: "s", input: "[]" } as never]);
  await world.appendEvents(runId, [{ type: "run_completed", output: "null" } as never]);
  const lines = readFileSync(indexPath(), "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));
  expect(lines.map((line) => line.status)).toEqual(["running", "completed"]);
  expect(lines[0].text).toContain('[["x"]]');
});

test("a torn last line is ignored, and lines written after it still read", async () => {
  const first = await openWorld();
  const { runId } = await first.createRun({ workflowName: "workflow//a.ts//f", input: '[["kept"]]', seed: "s" });
  await first.close();
  appendFileSync(indexPath(), '{"runId":"wrun_01TORN');
  const second = await openWorld();
  const { runId: later } = await second.createRun({ workflowName: "workflow//a.ts//f", input: '[["after"]]', seed: "s" });
  expect((await second.listRuns({ search: "kept" })).data.map((run) => run.runId)).toEqual([runId]);
  expect((await second.listRuns({ search: "after" })).data.map((run) => run.runId)).toEqual([later]);
  const third = await openWorld();
  expect((await third.listRuns({ status: "pending" })).data.map((run) => run.runId)).toEqual([later, runId]);
});

test("runs whose lines were lost are found again from their own files on load", async () => {
  const first = await openWorld();
  const { runId: lost } = await first.createRun({ workflowName: "workflow//a.ts//f", input: '[["lost-input"]]', seed: "s" });
  const { runId: ended } = await first.createRun({ workflowName: "workflow//a.ts//f", input: "[[]]", seed: "s" });
  await first.appendEvents(ended, [{ type: "run_cancelled" } as never]);
  await first.close();
  // As if a crash lost every line but the creation of the second run.
  const kept = readFileSync(indexPath(), "utf8").split("\n").filter((line) => line.includes(ended) && line.includes('"pending"'));
  writeFileSync(indexPath(), `${kept.join("\n")}\n`);
  const second = await openWorld();
  expect((await second.listRuns({ search: "lost-input" })).data.map((run) => run.runId)).toEqual([lost]);
  expect((await second.listRuns({ status: "cancelled" })).data.map((run) => run.runId)).toEqual([ended]);
  expect((await second.listRuns({ status: "pending" })).data.map((run) => run.runId)).toEqual([lost]);
});

const indexLines = () => readFileSync(indexPath(), "utf8").split("\n").filter(Boolean);
const WF = "workflow//a.ts//f";

/** Runs in each status, one found by its input; returns what the queries the test compares answer. */
async function seedStatuses(world: World) {
  const ids: string[] = [];
  for (const [i, ending] of (["run_completed", "run_cancelled", undefined, "run_failed"] as const).entries()) {
    const { runId } = await world.createRun({ workflowName: WF, input: `[["needle-${i}"]]`, seed: "s", firstEvents: () => [{ type: "run_started" }] });
    if (ending === "run_completed") await world.appendEvents(runId, [{ type: "run_completed", output: "null" } as never]);
    if (ending === "run_cancelled") await world.appendEvents(runId, [{ type: "run_cancelled" } as never]);
    if (ending === "run_failed") await world.appendEvents(runId, [{ type: "run_failed", error: { name: "Error", message: "x" } } as never]);
    ids.push(runId);
  }
  const { runId: pending } = await world.createRun({ workflowName: WF, input: "[[]]", seed: "s" });
  ids.push(pending);
  return ids;
}

async function answers(world: World) {
  const ids = async (query: Parameters<World["listRuns"]>[0]) => (await world.listRuns(query)).data.map((run) => `${run.runId}:${run.status}`);
  return {
    all: await ids({ limit: 100 }),
    completed: await ids({ status: "completed" }),
    running: await ids({ status: "running" }),
    pending: await ids({ status: "pending" }),
    needle2: await ids({ search: "needle-2" }),
    workflow: await ids({ workflowName: WF, limit: 2 }),
  };
}

test("a file with many more lines than runs is rewritten to one line per run, and answers the same", async () => {
  const first = await openWorld();
  const runIds = await seedStatuses(first);
  const expected = await answers(first);
  await first.close();
  // Stale copies of every line (older statuses after newer ones), a torn line and garbage among them.
  const original = indexLines();
  const padding: string[] = [];
  for (let i = 0; i < 400; i++) padding.push(...original);
  writeFileSync(indexPath(), `${[...original, ...padding.slice(0, 700), '{"runId":"wrun_01TORN', "not json", ...padding.slice(700)].join("\n")}\n`);
  const before = indexLines().length;

  const second = await openWorld();
  expect(await answers(second)).toEqual(expected);
  await expect.poll(() => indexLines().length).toBe(runIds.length);
  expect(indexLines().length).toBeLessThan(before);
  expect(await answers(second)).toEqual(expected);
  expect(readdirSync(dataDir).filter((name) => name.startsWith("run-index"))).toEqual(["run-index.jsonl"]);
  // A later process loads the compacted file alone, and this one goes on writing to it.
  const { runId: later } = await second.createRun({ workflowName: WF, input: '[["after-compaction"]]', seed: "s" });
  const third = await openWorld();
  const withLater = (list: string[]) => [`${later}:pending`, ...list];
  expect(await answers(third)).toEqual({ ...expected, all: withLater(expected.all), pending: withLater(expected.pending), workflow: withLater(expected.workflow).slice(0, 2) });
  expect((await third.listRuns({ search: "after-compaction" })).data.map((run) => run.runId)).toEqual([later]);
});

test("an index loaded in another instance keeps every run while the file is compacted, and writes to the new file", async () => {
  const writer = await openWorld();
  const seeded = await seedStatuses(writer);
  await writer.listRuns({ status: "pending" });
  const original = indexLines();
  appendFileSync(indexPath(), `${Array.from({ length: 600 }, () => original).flat().join("\n")}\n`);

  const compactor = await openWorld();
  const loading = compactor.listRuns({ status: "pending" });
  // The writer keeps creating runs while the other instance loads and compacts.
  const created: string[] = [];
  for (let i = 0; i < 30; i++) created.push((await writer.createRun({ workflowName: WF, input: `[["during-${i}"]]`, seed: "s" })).runId);
  await loading;
  await expect.poll(() => indexLines().length).toBeLessThan(original.length * 10);
  const { runId: after } = await writer.createRun({ workflowName: WF, input: '[["after"]]', seed: "s" });

  const everyRun = [after, ...created.toReversed(), ...seeded.toReversed()].toSorted().toReversed();
  for (const world of [writer, compactor, await openWorld()]) {
    expect((await world.listRuns({ limit: 100 })).data.map((run) => run.runId)).toEqual(everyRun);
    expect((await world.listRuns({ search: "during-17" })).data.map((run) => run.runId)).toEqual([created[17]]);
    expect((await world.listRuns({ search: "after" })).data.map((run) => run.runId)).toEqual([after]);
  }
});
