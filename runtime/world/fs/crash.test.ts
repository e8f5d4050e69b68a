import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WorkflowEvent } from "../../events/event.ts";
import { createFsWorld } from "./create-fs-world.ts";

const WRITER = fileURLToPath(new URL("./__fixtures__/crash-writer.mjs", import.meta.url));
const ROUNDS = 20;
const dataDir = mkdtempSync(join(tmpdir(), "wf-crash-"));
const bundle = join(dataDir, "..", `${dataDir.split(/[\\/]/).pop()}-world.mjs`);
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(bundle, { force: true });
});

// The writers run the world's real code, bundled once so each child process starts in milliseconds.
beforeAll(async () => {
  await build({
    entryPoints: [fileURLToPath(new URL("./create-fs-world.ts", import.meta.url))],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: bundle,
    logLevel: "silent",
  });
});

/**
 * Starts a writer process; `acked` fills with "<pid> <batch> <size>" for every append that resolved, and
 * `firstAck` resolves with the first of them.
 */
function startWriter(runId: string): { child: ChildProcess; ready: Promise<void>; firstAck: Promise<void>; acked: string[]; exited: Promise<void> } {
  const child = spawn(process.execPath, [WRITER, dataDir, runId, bundle], { stdio: ["ignore", "pipe", "inherit"] });
  const acked: string[] = [];
  let buffered = "";
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  let markAcked!: () => void;
  const firstAck = new Promise<void>((resolve) => (markAcked = resolve));
  child.stdout!.on("data", (data: Buffer) => {
    buffered += data.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop()!;
    for (const line of lines) {
      if (line === "ready") markReady();
      else if (line.startsWith("ack ")) {
        acked.push(line.slice(4));
        markAcked();
      }
    }
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return { child, ready, firstAck, acked, exited };
}

function batchesOf(events: WorkflowEvent[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const event of events) {
    if (event.type !== "step_created") continue;
    const { pid, batch, size } = JSON.parse(event.input) as { pid: number; batch: number; size: number };
    const key = `${pid} ${batch} ${size}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describe("fs world: crash safety", () => {
  it(`loads after writer processes are SIGKILLed at ${ROUNDS} random points, keeping every acknowledged append`, async () => {
    const setup = await createFsWorld({ dataDir });
    const { runId } = await setup.createRun({ workflowName: "workflow//crash.ts//wf", input: "[]", seed: "s" });
    await setup.close();
    const allAcked: string[] = [];
    let killedWithAppendsInFlight = 0;

    for (let round = 0; round < ROUNDS; round++) {
      // Two writers share the run, so kills also hit a process waiting for or holding the run lock.
      const writers = [startWriter(runId), startWriter(runId)];
      await Promise.all(writers.map((w) => w.ready));
      // Every other round is killed once appends are being acknowledged (a state, not a delay, so a slow
      // machine still kills mid-flight); the others at any point, also before the first append.
      if (round % 2 === 0) await Promise.race(writers.map((w) => w.firstAck));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 40));
      for (const writer of writers) writer.child.kill("SIGKILL");
      await Promise.all(writers.map((w) => w.exited));
      for (const writer of writers) allAcked.push(...writer.acked);
      if (writers.some((w) => w.acked.length > 0)) killedWithAppendsInFlight++;

      const world = await createFsWorld({ dataDir });
      const events = (await world.readEvents(runId))!;
      expect(events[0].type).toBe("run_created");
      const ids = events.map((e) => e.eventId);
      expect(ids.toSorted()).toEqual(ids);
      const batches = batchesOf(events);
      for (const [key, count] of batches) expect(count, `batch ${key} is whole`).toBe(Number(key.split(" ")[2]));
      for (const key of allAcked) expect(batches.has(key), `acknowledged batch ${key} survived`).toBe(true);
      // The store stays writable: the next append lands after whatever the crash left behind.
      const [stored] = await world.appendEvents(runId, [{ type: "wait_created", correlationId: `wait_${round}`, resumeAt: 0 }]);
      expect(stored.eventId > ids[ids.length - 1]).toBe(true);
      await world.close();
    }
    expect(killedWithAppendsInFlight).toBeGreaterThanOrEqual(ROUNDS / 2);
    expect(allAcked.length).toBeGreaterThan(ROUNDS);
  }, 120_000);
});
