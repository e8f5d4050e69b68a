import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { WorkflowEvent } from "../events/event.ts";
import { deserialize } from "../serialization/serialize.ts";
import { createFsWorld } from "../world/fs/create-fs-world.ts";
import { buildFixtureWorker } from "./__fixtures__/build-fixture-worker.ts";
import { createRuntime } from "./create-runtime.ts";

const temp = mkdtempSync(join(tmpdir(), "wf-interrupted-"));
const bundleFile = join(temp, "bundle.json");
const workerFile = join(temp, "worker.mjs");
const CRASH_LOOP = "workflow//runtime/engine/__fixtures__/self-kill.ts//crashLoop";

beforeAll(async () => {
  await buildFixtureWorker({ fixture: "self-kill.ts", worker: "crash-worker.ts", dir: temp });
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Records a run without executing it (no queue consumer in this process). */
async function recordRun(dataDir: string, args: unknown[]): Promise<string> {
  const world = await createFsWorld({ dataDir });
  const runtime = createRuntime({ world, workflowBundle: () => ({ code: "" }), consume: false });
  const { runId } = await runtime.start(CRASH_LOOP, args);
  await runtime.close();
  await world.close();
  return runId;
}

/** Runs a worker process on the data dir until it exits; true when the run ended there (it printed "done"). */
function runWorker(dataDir: string, runId: string): Promise<{ finished: boolean; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, [workerFile], { env: { ...process.env, WF_DATA_DIR: dataDir, WF_BUNDLE_FILE: bundleFile, WF_RUN_ID: runId }, stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += String(chunk)));
  return new Promise((resolve) => child.on("exit", (_code, signal) => resolve({ finished: output.includes("done"), signal })));
}

async function readLog(dataDir: string, runId: string): Promise<WorkflowEvent[]> {
  const world = await createFsWorld({ dataDir });
  try {
    return (await world.readEvents(runId)) ?? [];
  } finally {
    await world.close();
  }
}

/** Restarts a worker each time the step kills it, until the run ends (bounded, in case it never does). */
async function restartUntilDone(name: string, once: boolean) {
  const dataDir = join(temp, name);
  const sideFile = join(temp, `${name}-side.txt`);
  writeFileSync(sideFile, "");
  const runId = await recordRun(dataDir, [sideFile, once]);
  const exits: Array<NodeJS.Signals | null> = [];
  for (let restart = 0; restart < 8; restart++) {
    const { finished, signal } = await runWorker(dataDir, runId);
    exits.push(signal);
    if (finished) break;
  }
  const attempts = readFileSync(sideFile, "utf8").trim().split("\n").filter(Boolean).map((line) => Number(line.split(" ")[0]));
  return { events: await readLog(dataDir, runId), attempts, exits };
}

describe("attempts cut short by a crash count toward maxRetries", () => {
  test("a step that kills its process runs at most 4 times by default, then the workflow sees ERR_STEP_ATTEMPT_INTERRUPTED", async () => {
    const { events, attempts, exits } = await restartUntilDone("default", false);
    expect(attempts).toEqual([1, 2, 3, 4]);
    expect(exits).toEqual(["SIGKILL", "SIGKILL", "SIGKILL", "SIGKILL", null]);
    expect(events.filter((event) => event.type === "step_started").map((event) => (event as { attempt: number }).attempt)).toEqual([1, 2, 3, 4]);
    const failed = events.filter((event) => event.type === "step_failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ fatal: true, error: { code: "ERR_STEP_ATTEMPT_INTERRUPTED", name: "StepAttemptInterruptedError" } });
    const completed = events.at(-1) as Extract<WorkflowEvent, { type: "run_completed" }>;
    expect(completed.type).toBe("run_completed");
    const seen = deserialize(completed.output, "workflow-return-value") as { code: string; message: string };
    expect(seen.code).toBe("ERR_STEP_ATTEMPT_INTERRUPTED");
    expect(seen.message).toContain("cut short by a crash");
    expect(seen.message).toContain("4 attempts");
  }, 60_000);

  test("with maxRetries = 0 a step interrupted once is not run again", async () => {
    const { events, attempts } = await restartUntilDone("once", true);
    expect(attempts).toEqual([1]);
    expect(events.filter((event) => event.type === "step_started")).toHaveLength(1);
    const seen = deserialize((events.at(-1) as { output: string }).output, "workflow-return-value") as { code: string };
    expect(seen.code).toBe("ERR_STEP_ATTEMPT_INTERRUPTED");
  }, 30_000);
});
