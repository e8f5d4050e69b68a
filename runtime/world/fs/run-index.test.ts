import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
