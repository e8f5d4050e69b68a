import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import type { WorkflowEvent } from "../events/event.ts";
import { deserialize } from "../serialization/serialize.ts";
import { createFsWorld } from "../world/fs/create-fs-world.ts";
import { RUN_TAKEOVER_MS, type World } from "../world/world.ts";
import { buildFixtureWorker } from "./__fixtures__/build-fixture-worker.ts";

const temp = mkdtempSync(join(tmpdir(), "wf-multi-"));
const bundleFile = join(temp, "bundle.json");
const workerFile = join(temp, "worker.mjs");
const WORKFLOW = (name: string) => `workflow//runtime/engine/__fixtures__/owners.ts//${name}`;

beforeAll(async () => {
  await buildFixtureWorker({ fixture: "owners.ts", worker: "owners-worker.ts", dir: temp });
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const workers: ChildProcess[] = [];
const worlds: World[] = [];
afterEach(async () => {
  for (const child of workers.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await Promise.all(worlds.splice(0).map((world) => world.close()));
});

interface Worker {
  child: ChildProcess;
  /** Resolves with the reply line that starts with `prefix`. */
  reply(prefix: string): Promise<string>;
  send(command: object): void;
  exited: Promise<void>;
}

async function spawnWorker(dataDir: string): Promise<Worker> {
  const child = spawn(process.execPath, [workerFile], { env: { ...process.env, WF_DATA_DIR: dataDir, WF_BUNDLE_FILE: bundleFile }, stdio: ["pipe", "pipe", "inherit"] });
  workers.push(child);
  const lines: string[] = [];
  const waiting: Array<{ prefix: string; resolve(line: string): void }> = [];
  let buffered = "";
  child.stdout!.on("data", (data: Buffer) => {
    buffered += data.toString();
    const complete = buffered.split("\n");
    buffered = complete.pop()!;
    for (const line of complete) {
      const waiter = waiting.find((entry) => line.startsWith(entry.prefix));
      if (waiter) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve(line);
      } else lines.push(line);
    }
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const reply = (prefix: string) => {
    const index = lines.findIndex((line) => line.startsWith(prefix));
    if (index !== -1) return Promise.resolve(lines.splice(index, 1)[0]);
    return new Promise<string>((resolve) => waiting.push({ prefix, resolve }));
  };
  const worker: Worker = { child, reply, send: (command) => child.stdin!.write(`${JSON.stringify(command)}\n`), exited };
  await Promise.race([reply("ready"), exited.then(() => Promise.reject(new Error("worker exited before it was ready")))]);
  return worker;
}

async function startRun(worker: Worker, tag: string, workflow: string, args: unknown[]): Promise<string> {
  worker.send({ start: WORKFLOW(workflow), args, tag });
  return (await worker.reply(`started ${tag} `)).split(" ")[2];
}

/**
 * Polls the logs (every 10 ms) until `done(events)` holds for every run; resolves with the logs. Past
 * `deadline` (default: 20 s from now) it throws, naming the runs still waiting and their last events.
 */
async function waitForLogs(world: World, runIds: string[], done: (events: WorkflowEvent[]) => boolean, deadline = Date.now() + 20_000): Promise<Map<string, WorkflowEvent[]>> {
  for (;;) {
    const logs = new Map<string, WorkflowEvent[]>();
    for (const runId of runIds) logs.set(runId, (await world.readEvents(runId)) ?? []);
    const waiting = [...logs].filter(([, events]) => !done(events));
    if (waiting.length === 0) return logs;
    if (Date.now() > deadline) {
      const tails = waiting.map(([runId, events]) => `${runId}: ${events.slice(-3).map((event) => event.type).join(", ")}`);
      throw new Error(`${waiting.length} of ${runIds.length} runs did not get there in time:\n${tails.join("\n")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const ended = (events: WorkflowEvent[]) => events.some((event) => event.type === "run_completed" || event.type === "run_failed" || event.type === "run_cancelled");
const output = (events: WorkflowEvent[]) => {
  const completed = events.find((event) => event.type === "run_completed");
  return completed && deserialize((completed as { output: string }).output, "workflow-return-value");
};

/** Counts by key. */
function tally(keys: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/** Every step of the log started once and completed once, and every step body ran once (side file). */
function expectEachStepOnce(logs: Map<string, WorkflowEvent[]>, sideFile: string): void {
  for (const [runId, events] of logs) {
    const started = tally(events.filter((event) => event.type === "step_started").map((event) => (event as { correlationId: string }).correlationId));
    const completed = tally(events.filter((event) => event.type === "step_completed").map((event) => (event as { correlationId: string }).correlationId));
    expect(started.size, runId).toBeGreaterThan(0);
    for (const [correlationId, count] of started) expect(count, `${runId} ${correlationId} step_started`).toBe(1);
    expect([...completed.keys()].toSorted(), runId).toEqual([...started.keys()].toSorted());
    for (const [correlationId, count] of completed) expect(count, `${runId} ${correlationId} step_completed`).toBe(1);
  }
  const executions = tally(readFileSync(sideFile, "utf8").trim().split("\n").map((line) => line.split(" ")[0]));
  for (const [tag, count] of executions) expect(count, `step ${tag} ran`).toBe(1);
}

describe("several processes on one data dir", () => {
  test("two live processes: runs with sleeps and hooks, started and resumed through both, run every step attempt once", async () => {
    const dataDir = join(temp, "live");
    const sideFile = join(temp, "live-side.txt");
    writeFileSync(sideFile, "");
    const [a, b] = await Promise.all([spawnWorker(dataDir), spawnWorker(dataDir)]);
    const world = await createFsWorld({ dataDir });
    worlds.push(world);

    const nappers = await Promise.all(Array.from({ length: 12 }, (_, i) => startRun(i % 2 === 0 ? a : b, `nap${i}`, "napper", [`nap${i}`, sideFile, 4])));
    const tokens = Array.from({ length: 4 }, (_, i) => `multi-hook-${i}-${Date.now()}`);
    const waiters = await Promise.all(tokens.map((token, i) => startRun(i % 2 === 0 ? a : b, `wait${i}`, "waiter", [token, sideFile])));
    await waitForLogs(world, waiters, (events) => events.some((event) => event.type === "hook_created"));
    // Each hook is resumed through the process that does not own its run.
    await Promise.all(
      tokens.map((token, i) => {
        const other = i % 2 === 0 ? b : a;
        other.send({ resume: token, payload: { n: i } });
        return other.reply(`resumed ${token}`);
      }),
    );

    const logs = await waitForLogs(world, [...nappers, ...waiters], ended);
    nappers.forEach((runId, i) => expect(output(logs.get(runId)!), runId).toBe(`nap${i} slept 4 times`));
    waiters.forEach((runId, i) => expect(output(logs.get(runId)!), runId).toBe(i * 2));
    expectEachStepOnce(logs, sideFile);
    // Both processes executed steps.
    const pids = new Set(readFileSync(sideFile, "utf8").trim().split("\n").map((line) => line.split(" ")[1]));
    expect(pids).toEqual(new Set([String(a.child.pid), String(b.child.pid)]));
  }, 60_000);

  test("SIGKILL of one process: the other completes its 8 in-flight runs within RUN_TAKEOVER_MS, without a restart", async () => {
    const dataDir = join(temp, "kill");
    const sideFile = join(temp, "kill-side.txt");
    writeFileSync(sideFile, "");
    const [victim, survivor] = await Promise.all([spawnWorker(dataDir), spawnWorker(dataDir)]);
    const world = await createFsWorld({ dataDir });
    worlds.push(world);
    const steps = 30;
    const runIds = await Promise.all(Array.from({ length: 8 }, (_, i) => startRun(victim, `run${i}`, "steady", [`run${i}`, sideFile, steps, 10])));
    // In flight: every run has completed a step in the victim and none has ended.
    await waitForLogs(world, runIds, (events) => events.some((event) => event.type === "step_completed"));
    victim.child.kill("SIGKILL");
    const killedAt = Date.now();
    await victim.exited;
    const before = await waitForLogs(world, runIds, () => true);
    expect([...before.values()].filter(ended)).toHaveLength(0);

    const logs = await waitForLogs(world, runIds, ended, killedAt + 2 * RUN_TAKEOVER_MS);
    for (const [runId, events] of logs) {
      expect(output(events), runId).toBe((steps * (steps - 1)) / 2);
      const completedAt = events.find((event) => event.type === "run_completed")!.createdAt;
      expect(completedAt - killedAt, `${runId} completed ${completedAt - killedAt} ms after the kill`).toBeLessThan(RUN_TAKEOVER_MS);
    }
    // The survivor finished them in the process it has run since before the kill.
    expect(survivor.child.exitCode).toBeNull();
    const lines = readFileSync(sideFile, "utf8").trim().split("\n");
    expect(new Set(lines.map((line) => line.split(" ")[1]))).toEqual(new Set([String(victim.child.pid), String(survivor.child.pid)]));
    for (const events of logs.values()) {
      const completed = tally(events.filter((event) => event.type === "step_completed").map((event) => (event as { correlationId: string }).correlationId));
      expect(completed.size).toBe(steps);
      for (const count of completed.values()) expect(count).toBe(1);
    }
  }, 60_000);
});
