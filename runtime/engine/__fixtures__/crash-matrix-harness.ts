// Shared by the crash matrix tests: one worker bundle per test file, worker processes, a client of the
// store in the test process (records runs, resumes hooks, reads logs), and a concurrency limit.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { WorkflowEvent } from "../../events/event.ts";
import { createFsWorld } from "../../world/fs/create-fs-world.ts";
import type { World } from "../../world/world.ts";
import { createRuntime, type Runtime } from "../create-runtime.ts";
import { buildFixtureWorker } from "./build-fixture-worker.ts";
import { FIXTURES_DIR, ROOT } from "./harness.ts";

/** Workflow id of an export of `crash-matrix.ts`. */
export const MATRIX_WORKFLOW = (name: string) => `workflow//runtime/engine/__fixtures__/crash-matrix.ts//${name}`;

/** Files a worker process needs. */
export interface WorkerFiles {
  bundleFile: string;
  workerFile: string;
}

/** Builds the workflow bundle of `crash-matrix.ts` and one worker script (its steps plus the worker) into `dir`. */
export function buildMatrixWorker(dir: string): Promise<WorkerFiles> {
  return buildFixtureWorker({ fixture: "crash-matrix.ts", worker: "crash-matrix-worker.ts", dir });
}

/** How a worker process ended. */
export interface WorkerExit {
  /** Every run it waited for ended (it printed "done"). */
  finished: boolean;
  signal: NodeJS.Signals | null;
  output: string;
}

/** A worker still running after this long is stopped (SIGTERM) and reported as not finished. */
const WORKER_LIMIT_MS = 25_000;

/** Runs a worker until it exits: it executes the store's runs and waits for `runIds` to end. */
export function runWorker(files: WorkerFiles, dataDir: string, runIds: string[], env: Record<string, string> = {}, onOutput?: (output: string) => void): Promise<WorkerExit> {
  const child = spawn(process.execPath, [files.workerFile], {
    env: { ...process.env, WF_DATA_DIR: dataDir, WF_BUNDLE_FILE: files.bundleFile, WF_RUN_IDS: runIds.join(","), ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += String(chunk);
    onOutput?.(output);
  });
  // A hung worker must not outlive the test; the test then fails on `finished`, naming the worker's output.
  const limit = setTimeout(() => child.kill("SIGTERM"), WORKER_LIMIT_MS);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (_code, signal) => {
      clearTimeout(limit);
      resolve({ finished: output.includes("done"), signal, output });
    });
  });
}

/** The test process's view of a store: a world and a runtime that records and resumes runs but executes nothing. */
export interface StoreClient {
  world: World;
  runtime: Runtime;
  /** Records a run of a `crash-matrix.ts` workflow (executed by the worker processes). */
  record(workflow: string, args: unknown[]): Promise<string>;
  /** The run's log as stored now. */
  readLog(runId: string): Promise<WorkflowEvent[]>;
  close(): Promise<void>;
}

/** Opens a client of the store in `dataDir`. */
export async function openStore(dataDir: string): Promise<StoreClient> {
  const world = await createFsWorld({ dataDir });
  const runtime = createRuntime({ world, workflowBundle: () => ({ code: "" }), consume: false });
  return {
    world,
    runtime,
    record: async (workflow, args) => (await runtime.start(MATRIX_WORKFLOW(workflow), args)).runId,
    readLog: async (runId) => (await world.readEvents(runId)) ?? [],
    async close() {
      await runtime.close();
      await world.close();
    },
  };
}

