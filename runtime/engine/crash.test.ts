import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { WorkflowEvent } from "../events/event.ts";
import { deserialize } from "../serialization/serialize.ts";
import { createFsWorld } from "../world/fs/create-fs-world.ts";
import { buildFixtureWorker } from "./__fixtures__/build-fixture-worker.ts";
import { createRuntime } from "./create-runtime.ts";

const temp = mkdtempSync(join(tmpdir(), "wf-crash-"));
const bundleFile = join(temp, "bundle.json");
const workerFile = join(temp, "worker.mjs");
const WORKFLOW = (name: string) => `workflow//runtime/engine/__fixtures__/crash.ts//${name}`;

beforeAll(async () => {
  await buildFixtureWorker({ fixture: "crash.ts", worker: "crash-worker.ts", dir: temp });
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Records a run without executing it (no queue consumer in this process). */
async function recordRun(dataDir: string, workflow: string, args: unknown[]): Promise<string> {
  const world = await createFsWorld({ dataDir });
  const runtime = createRuntime({ world, workflowBundle: () => ({ code: "" }), consume: false });
  const { runId } = await runtime.start(workflow, args);
  await world.close();
  return runId;
}

function spawnWorker(dataDir: string, runId: string, env: Record<string, string> = {}): { child: ChildProcess; ready: Promise<void>; done: Promise<boolean>; output(): string } {
  const child = spawn(process.execPath, [workerFile], { env: { ...process.env, WF_DATA_DIR: dataDir, WF_BUNDLE_FILE: bundleFile, WF_RUN_ID: runId, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  const readiness: { resolve?: () => void } = {};
  const ready = new Promise<void>((resolve) => (readiness.resolve = resolve));
  const onReady = () => readiness.resolve?.();
  child.stdout!.on("data", (chunk) => {
    output += String(chunk);
    if (output.includes("ready")) onReady();
  });
  const done = new Promise<boolean>((resolve) => child.on("exit", () => (onReady(), resolve(output.includes("done")))));
  return { child, ready, done, output: () => output };
}

const sleepMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const lineCount = (file: string) => readFileSync(file, "utf8").split("\n").length;

async function readLog(dataDir: string, runId: string): Promise<WorkflowEvent[]> {
  const world = await createFsWorld({ dataDir });
  try {
    return (await world.readEvents(runId)) ?? [];
  } finally {
    await world.close();
  }
}

describe("crash recovery (SIGKILL of a worker process)", () => {
  test("a 50-step run killed at 20+ random points completes; no completed step re-runs, none is lost", async () => {
    const dataDir = join(temp, "kill");
    const sideFile = join(temp, "kill-side.txt");
    writeFileSync(sideFile, "");
    const runId = await recordRun(dataDir, WORKFLOW("many"), [50, sideFile]);
    const generations: number[] = [];
    let kills = 0;
    for (let attempt = 0; kills < 20 && attempt < 60; attempt++) {
      const worker = spawnWorker(dataDir, runId);
      generations.push(worker.child.pid!);
      await worker.ready;
      // Kill at a random point once this process is making progress (it has run a step).
      const linesAtSpawn = lineCount(sideFile);
      for (let waited = 0; lineCount(sideFile) === linesAtSpawn && waited < 5000; waited += 2) await sleepMs(2);
      await sleepMs(Math.random() * 15);
      worker.child.kill("SIGKILL");
      if (!(await worker.done)) kills++;
    }
    expect(kills).toBeGreaterThanOrEqual(20);
    const last = spawnWorker(dataDir, runId);
    generations.push(last.child.pid!);
    expect(await last.done).toBe(true);

    const events = await readLog(dataDir, runId);
    const completed = events.find((event) => event.type === "run_completed");
    expect(completed).toBeDefined();
    expect((deserialize((completed as { output: string }).output, "workflow-return-value") as unknown[]).length).toBe(50);
    const executions = readFileSync(sideFile, "utf8").trim().split("\n").map((line) => line.split(" ").map(Number));
    const completions = events.filter((event) => event.type === "step_completed");
    expect(completions).toHaveLength(50);
    // The kills landed while the run progressed: steps ran in many different processes.
    expect(new Set(executions.map(([, pid]) => pid)).size).toBeGreaterThan(10);
    for (let i = 0; i < 50; i++) {
      const ran = executions.filter(([step]) => step === i).map(([, pid]) => generations.indexOf(pid));
      expect(ran.length, `step ${i} ran`).toBeGreaterThan(0);
      // The attempt that completed is the last one, and each process ran the step at most once.
      const completion = completions.find((event) => event.correlationId.endsWith(`_${i}`))!;
      const completedBy = generations.indexOf((deserialize(completion.result, "step-return-value") as { pid: number }).pid);
      expect(new Set(ran).size, `step ${i} ran twice in one process`).toBe(ran.length);
      expect(Math.max(...ran), `step ${i} ran again after it completed`).toBe(completedBy);
    }
  }, 120_000);

  test("runs whose start() resolved survive a kill during a burst of starts, and all complete", async () => {
    const dataDir = join(temp, "starts");
    const sideFile = join(temp, "starts-side.txt");
    writeFileSync(sideFile, "");
    const started: string[] = [];
    for (let round = 0; round < 5; round++) {
      const starter = spawnWorker(dataDir, "", { WF_START_WORKFLOW: WORKFLOW("many"), WF_START_ARGS: JSON.stringify([2, sideFile]) });
      await starter.ready;
      for (let waited = 0; !starter.output().includes("started") && waited < 5000; waited += 2) await sleepMs(2);
      await sleepMs(5 + Math.random() * 30);
      starter.child.kill("SIGKILL");
      expect(await starter.done).toBe(false);
      started.push(...[...starter.output().matchAll(/started (wrun_\w+)/g)].map((match) => match[1]));
    }
    expect(started.length).toBeGreaterThan(5);
    const last = spawnWorker(dataDir, started.join(","));
    expect(await last.done).toBe(true);
    for (const runId of started) {
      const events = await readLog(dataDir, runId);
      expect(events.at(-1)?.type, runId).toBe("run_completed");
      expect(events.filter((event) => event.type === "step_completed")).toHaveLength(2);
    }
  }, 60_000);

  test("a sleep spans a restart and wakes at its time", async () => {
    const dataDir = join(temp, "sleep");
    const sideFile = join(temp, "sleep-side.txt");
    writeFileSync(sideFile, "");
    const runId = await recordRun(dataDir, WORKFLOW("napper"), [400, sideFile]);
    const first = spawnWorker(dataDir, runId);
    await first.ready;
    while (!(await readLog(dataDir, runId)).some((event) => event.type === "wait_created")) await new Promise((r) => setTimeout(r, 10));
    first.child.kill("SIGKILL");
    expect(await first.done).toBe(false);
    const second = spawnWorker(dataDir, runId);
    expect(await second.done).toBe(true);
    const events = await readLog(dataDir, runId);
    const created = events.find((event) => event.type === "wait_created") as { resumeAt: number };
    const woke = events.find((event) => event.type === "wait_completed")!;
    expect(woke.createdAt).toBeGreaterThanOrEqual(created.resumeAt);
    expect(events.at(-1)?.type).toBe("run_completed");
  }, 60_000);
});
