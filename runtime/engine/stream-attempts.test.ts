import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { start } from "../api/index.ts";
import { getRunReadable } from "../streams/run-streams.ts";
import { userStreamName } from "../streams/stream-names.ts";
import { createFsWorld } from "../world/fs/create-fs-world.ts";
import { createTestRuntime, loadFixture } from "./__fixtures__/harness.ts";
import { buildFixtureWorker } from "./__fixtures__/build-fixture-worker.ts";
import { createRuntime } from "./create-runtime.ts";

const FIXTURE = "stream-attempts.ts";
const temp = mkdtempSync(join(tmpdir(), "wf-stream-attempts-"));
let fixture: Awaited<ReturnType<typeof loadFixture>>;
let env: Awaited<ReturnType<typeof createTestRuntime>>;

beforeAll(async () => {
  fixture = await loadFixture(FIXTURE);
  env = await createTestRuntime(fixture.bundle);
});
afterAll(async () => {
  await env?.close();
  rmSync(temp, { recursive: true, force: true });
});

async function readAll<T>(stream: ReadableStream<T>): Promise<T[]> {
  const chunks: T[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<T>) chunks.push(chunk);
  return chunks;
}

/** Every record stored for the stream, skipped or not (what a reader ignoring attempts would see). */
async function storedCount(store: { read(name: string): AsyncIterable<Uint8Array> }, name: string): Promise<number> {
  let count = 0;
  for await (const record of store.read(name)) if (record) count++;
  return count;
}

describe("stream chunks across step retries", () => {
  test("a reader started after the run sees each chunk of the completing attempts once, none of the failed ones", async () => {
    const run = await start(fixture.module.retriedWriter);
    expect(await run.returnValue).toEqual([2, 2]);
    expect(await readAll(run.readable)).toEqual(["try2-0", "try2-1", "try2-2", "handle2-0", "handle2-1", "handle2-2"]);
    // The failed attempts' chunks are stored; readers skip them, and startIndex counts what they deliver.
    expect(await storedCount(env.world.streams, userStreamName(run.runId))).toBe(12);
    expect(await readAll(run.getReadable({ startIndex: 4 }))).toEqual(["handle2-1", "handle2-2"]);
  });

  test("chunks of an attempt that failed for good are skipped too", async () => {
    const run = await start(fixture.module.fatalWriter);
    expect(await run.returnValue).toBe(2);
    expect(await readAll(run.readable)).toEqual(["after2-0", "after2-1", "after2-2"]);
  });
});

describe("stream chunks across a crash (SIGKILL of a worker process mid-write)", () => {
  const bundleFile = join(temp, "bundle.json");
  const workerFile = join(temp, "worker.mjs");

  beforeAll(async () => {
    await buildFixtureWorker({ fixture: FIXTURE, worker: "crash-worker.ts", dir: temp });
  });

  function spawnWorker(dataDir: string, runId: string): { child: ChildProcess; done: Promise<boolean> } {
    const child = spawn(process.execPath, [workerFile], { env: { ...process.env, WF_DATA_DIR: dataDir, WF_BUNDLE_FILE: bundleFile, WF_RUN_ID: runId }, stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout!.on("data", (chunk) => (output += String(chunk)));
    return { child, done: new Promise((resolve) => child.on("exit", () => resolve(output.includes("done")))) };
  }

  test("a reader started after recovery sees every chunk exactly once, in order", async () => {
    const dataDir = join(temp, "crash");
    const total = 1500;
    const world = await createFsWorld({ dataDir });
    try {
      // Recorded here, executed only by the worker processes (this runtime does not consume the queue).
      const recorder = createRuntime({ world, workflowBundle: () => ({ code: "" }), consume: false });
      const { runId } = await recorder.start("workflow//runtime/engine/__fixtures__/stream-attempts.ts//streamy", [total]);
      const name = userStreamName(runId);

      const doomed = spawnWorker(dataDir, runId);
      // Kill once the first attempt is well into its writes (a live read of the store, in this process).
      const abort = new AbortController();
      let seen = 0;
      for await (const record of world.streams.read(name, { signal: abort.signal })) {
        if (record && ++seen >= 200) break;
      }
      abort.abort();
      doomed.child.kill("SIGKILL");
      expect(await doomed.done).toBe(false);

      expect(await spawnWorker(dataDir, runId).done).toBe(true);
      const stored = await storedCount(world.streams, name);
      expect(stored).toBeGreaterThan(total);
      const chunks = await readAll(getRunReadable<string>(world.streams, runId, {}));
      expect(chunks).toEqual(Array.from({ length: total }, (_, i) => `chunk-${i}`));
      await recorder.close();
    } finally {
      await world.close();
    }
  }, 60_000);
});
