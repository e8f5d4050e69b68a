import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildPlayground } from "./http/build-playground.ts";
import { timeConcurrentSeq, timeHook, timeRun, timeStream, timeUnknownHook } from "./http/cases.ts";
import { dataDirSize } from "./http/data-dir-size.ts";
import { interleaveRows } from "./http/interleave-rows.ts";
import { startPlayground, startProductionServer, type PlaygroundProcess } from "./http/playground-process.ts";
import { createCaseRecorder, median, medianOf, type TargetRow } from "./http/record-case.ts";
import { createRunClient, type RunClient } from "./http/run-client.ts";
import type { BenchRow } from "./index.ts";

/** Repetitions for cases that take milliseconds, and for the larger ones. */
const SMALL = 5;
const LARGE = 3;

/**
 * The benchmark route contract (/api/start, /api/runs, /api/hooks) over HTTP against two targets, each in
 * its own process on a free loopback port with an empty temp data dir: `dev:` the playground dev server
 * (`vite playground`), `prod:` the playground built for production (`node <output>/server/index.mjs`).
 * Client wall clock; completion by polling `GET /api/runs/:id` every 2% of the elapsed time, clamped to
 * [1, 250] ms. The rows of both targets come out side by side, case by case.
 */
export async function benchHttp(): Promise<BenchRow[]> {
  const tmp = mkdtempSync(join(tmpdir(), "wf-bench-http-"));
  try {
    // Built before any server runs, so the build's CPU use never overlaps a measurement.
    const prod: TargetRow[] = [];
    let outputDir: string | undefined;
    const buildName = "vite build of the playground (temp output dir)";
    try {
      const build = await buildPlayground(join(tmp, "prod-build"));
      outputDir = build.outputDir;
      prod.push({ key: buildName, name: buildName, value: build.ms, unit: "ms" });
    } catch (error) {
      console.warn(`http bench: prod: ${(error as Error).message}`);
      prod.push({ key: buildName, name: `${buildName} [failed: see the output above]`, value: Number.NaN, unit: "ms" });
    }

    const dev = await benchTarget("dev", startPlayground, join(tmp, "dev-data"));
    if (outputDir !== undefined) {
      const output = outputDir;
      prod.push(...(await benchTarget("prod", (dataDir) => startProductionServer(output, dataDir), join(tmp, "prod-data"))));
    }
    return interleaveRows({ dev, prod });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Starts one target's server on the empty `dataDir`, runs every case against it, stops it, sizes the data dir. */
async function benchTarget(target: string, start: (dataDir: string) => Promise<PlaygroundProcess>, dataDir: string): Promise<TargetRow[]> {
  mkdirSync(dataDir);
  const rows: TargetRow[] = [];
  const startName = "server start → /api/health";
  const t0 = performance.now();
  let server: PlaygroundProcess;
  try {
    server = await start(dataDir);
  } catch (error) {
    console.warn(`http bench: ${target}: ${(error as Error).message}`);
    return [{ key: startName, name: `${startName} [failed: see the output above]`, value: Number.NaN, unit: "ms" }];
  }
  rows.push({ key: startName, name: startName, value: performance.now() - t0, unit: "ms" });

  let runs = 0;
  const base = createRunClient(server.url);
  const client: RunClient = { ...base, start: (...args) => ((runs += 1), base.start(...args)) };
  try {
    await measureCases(client, createCaseRecorder(rows, server, target));
  } finally {
    await server.stop();
  }

  // After the server stopped, so the figure is what stays on disk.
  const { files, bytes } = await dataDirSize(dataDir);
  for (const [name, value, unit] of [
    [`data dir after ${runs} runs: files`, files, "files"],
    [`data dir after ${runs} runs: size`, bytes / 1024, "KB"],
  ] as const) {
    rows.push({ key: name, name, value, unit });
  }
  return rows;
}

async function measureCases(client: RunClient, record: ReturnType<typeof createCaseRecorder>): Promise<void> {
  const seq = (n: number) => () => timeRun(client, "seq", [n], n);
  const par = (n: number) => () => timeRun(client, "par", [n], (n * (n + 1)) / 2);

  // The first run pays for building the workflow bundle and loading the routes; it stays out of the medians.
  await record([{ name: "seq(1) first run (warm-up, not in the medians)", unit: "ms" }], async () => [await seq(1)()]);

  await record([{ name: `seq(1) start → completed (median of ${SMALL})`, unit: "ms" }], async () => [await medianOf(SMALL, seq(1))]);
  await record([{ name: `seq(10) (median of ${SMALL})`, unit: "ms" }], async () => [await medianOf(SMALL, seq(10))]);
  await record([{ name: `seq(100) (median of ${LARGE})`, unit: "ms", target: "≤ 60 ms" }], async () => [await medianOf(LARGE, seq(100))]);
  await record([{ name: "seq(1000) (one run)", unit: "ms", target: "≤ 800 ms" }], async () => [await seq(1000)()]);
  await record([{ name: `par(10) (median of ${SMALL})`, unit: "ms" }], async () => [await medianOf(SMALL, par(10))]);
  await record([{ name: `par(100) (median of ${LARGE})`, unit: "ms", target: "≤ 80 ms" }], async () => [await medianOf(LARGE, par(100))]);

  await record(
    [
      { name: "20 concurrent seq(10): start → last completed", unit: "ms" },
      { name: "20 concurrent seq(10): throughput", unit: "steps/s" },
    ],
    async () => {
      const { ms, stepsPerSecond } = await timeConcurrentSeq(client, 20, 10);
      return [ms, stepsPerSecond];
    },
  );

  await record([{ name: `sleep("1s") overhead: sleepy − 1000 ms (median of ${SMALL})`, unit: "ms" }], async () => [
    (await medianOf(SMALL, () => timeRun(client, "sleepy", [], 1))) - 1000,
  ]);

  await record(
    [
      { name: `hook: start → registered (median of ${SMALL})`, unit: "ms", target: "≤ 15 ms" },
      { name: `hook: POST /api/hooks/:token → completed (median of ${SMALL})`, unit: "ms" },
    ],
    async () => {
      const registered: number[] = [];
      const resumed: number[] = [];
      for (let i = 0; i < SMALL; i++) {
        const { registeredMs, resumedMs } = await timeHook(client, `bench-hook-${process.pid}-${i}-${Date.now()}`);
        registered.push(registeredMs);
        resumed.push(resumedMs);
      }
      return [median(registered), median(resumed)];
    },
  );

  await record([{ name: "unknown hook lookup → 404 (median of 20)", unit: "ms" }], async () => [
    await medianOf(20, () => timeUnknownHook(client, `bench-no-such-hook-${Math.random().toString(36).slice(2)}`)),
  ]);

  await record([{ name: `stream: start → 100th chunk read (median of ${SMALL})`, unit: "ms", target: "≤ 40 ms" }], async () => [
    await medianOf(SMALL, () => timeStream(client, 100)),
  ]);

  await record([{ name: `seq(10) again, after all the above (median of ${SMALL})`, unit: "ms" }], async () => [
    await medianOf(SMALL, seq(10)),
  ]);
}
