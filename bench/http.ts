import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { timeConcurrentSeq, timeHook, timeRun, timeStream, timeUnknownHook } from "./http/cases.ts";
import { dataDirSize } from "./http/data-dir-size.ts";
import { startPlayground, type PlaygroundProcess } from "./http/playground-process.ts";
import { createCaseRecorder, median, medianOf } from "./http/record-case.ts";
import { createRunClient, type RunClient } from "./http/run-client.ts";
import type { BenchRow } from "./index.ts";

/** Repetitions for cases that take milliseconds, and for the larger ones. */
const SMALL = 5;
const LARGE = 3;

/**
 * The benchmark route contract (/api/start, /api/runs, /api/hooks) over HTTP against the playground dev
 * server, started here in its own process on a free loopback port with an empty temp data dir. Client wall
 * clock; completion by polling `GET /api/runs/:id` every 2% of the elapsed time, clamped to [1, 250] ms.
 */
export async function benchHttp(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), "wf-bench-http-"));
  const rows: BenchRow[] = [];
  try {
    const t0 = performance.now();
    let playground: PlaygroundProcess;
    try {
      playground = await startPlayground(dataDir);
    } catch (error) {
      console.warn(`http bench: ${(error as Error).message}`);
      return [{ name: "playground start → /api/health [failed: see the output above]", value: Number.NaN, unit: "ms" }];
    }
    rows.push({ name: "playground start → /api/health", value: performance.now() - t0, unit: "ms" });

    let runs = 0;
    const base = createRunClient(playground.url);
    const client: RunClient = { ...base, start: (...args) => ((runs += 1), base.start(...args)) };
    try {
      await measureCases(client, createCaseRecorder(rows, playground));
    } finally {
      await playground.stop();
    }

    // After the server stopped, so the figure is what stays on disk.
    const { files, bytes } = await dataDirSize(dataDir);
    rows.push({ name: `data dir after ${runs} runs: files`, value: files, unit: "files" });
    rows.push({ name: `data dir after ${runs} runs: size`, value: bytes / 1024, unit: "KB" });
    return rows;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
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
