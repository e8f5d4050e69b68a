import { availableParallelism } from "node:os";
import { timeConcurrentSeq, timeHook, timeRun, timeStream, timeUnknownHook } from "./cases.ts";
import { median } from "../median.ts";
import { discardRows, medianOf, type RowSpec } from "./record-case.ts";
import type { RunClient } from "./run-client.ts";
import { type CpuPerStep, cpuCeiling, startCpuMeter } from "./cpu-per-step.ts";
import { type Comparison, UPSTREAM, UPSTREAM_POSTGRES, type UpstreamFigure } from "../compare.ts";
import type { Floors } from "../floor.ts";

/**
 * Repetitions: every case with a target reports the median of 5, as the upstream figures it is compared
 * with do, except seq(1000), the median of 3 (each run takes most of a second).
 */
export const SMALL = 5;
export const LARGE = 3;

/** `record(specs, measure)` from `createCaseRecorder` (or a stand-in that only writes the rows). */
export type RecordCase = (specs: RowSpec[], measure: () => Promise<number[]>) => Promise<void>;

/** The targets printed next to a world's figures; a case without one prints none. */
export interface CaseTargets {
  seq100?: string;
  seq1000?: string;
  par100?: string;
  throughput?: string;
  hookRegistered?: string;
  stream?: string;
}

/** What a world's figures are printed next to: targets, the floor of its durable writes, upstream figures. */
export interface CaseReference {
  targets: CaseTargets;
  floor: keyof Floors;
  upstream: Partial<Record<keyof CaseTargets, UpstreamFigure[]>>;
  /**
   * Whether the server's processes do all of a run's work (no database server beside them), so that their
   * CPU and the client's bound the throughput the machine's cores allow (printed next to its target).
   */
  cpuCeiling: boolean;
}

/** The filesystem world (`dev:` and `prod:`): the targets and upstream figures of issue #13. */
export const FILESYSTEM_REFERENCE: CaseReference = {
  targets: { seq100: "≤ 60 ms", seq1000: "≤ 500 ms", par100: "≤ 30 ms", throughput: "≥ 2,500 steps/s", hookRegistered: "≤ 15 ms", stream: "≤ 20 ms" },
  floor: "fs",
  upstream: UPSTREAM,
  cpuCeiling: true,
};

/** The PostgreSQL world (`prod-pg:`): the targets and upstream figures of issue #11. */
export const POSTGRES_REFERENCE: CaseReference = {
  targets: { seq100: "≤ 150 ms", par100: "≤ 100 ms", throughput: "≥ 1,000 steps/s", hookRegistered: "≤ 15 ms", stream: "≤ 40 ms" },
  floor: "pg",
  upstream: UPSTREAM_POSTGRES,
  cpuCeiling: false,
};

/**
 * One pass over the cases. V8 optimizes a function only after it has run a few thousand times, and drops
 * that code again when the function meets objects of a new shape (the first sleep, hook or stream after a
 * series of steps), running unoptimized until it is hot again. So a server runs its first few thousand
 * steps, and the first thousands after each new kind of work, at two to three times the CPU per step. The
 * first pass measures that fresh server; the second, not printed, gives it every kind of work again; the
 * third measures the same server warm, as a long-running server is. Targets are judged on the third.
 */
export interface CasePass {
  /** Prefix of the pass's row names. */
  label: string;
  /** Whether the pass's rows are printed. */
  reported: boolean;
  /** Whether the rows carry their targets. */
  withTargets: boolean;
}

export const PASSES: CasePass[] = [
  { label: "fresh server", reported: true, withTargets: false },
  { label: "warm-up", reported: false, withTargets: false },
  { label: "warm server", reported: true, withTargets: true },
];

/**
 * Every case of the route contract against one server, in order; each case's rows go through `record`.
 * `serverCpuMs` (see `PlaygroundProcess.cpuMs`) adds what the throughput case cost in CPU.
 */
export async function measureCases(client: RunClient, recordRows: RecordCase, reference: CaseReference, pass: CasePass, serverCpuMs?: () => number | undefined): Promise<void> {
  const { floor, upstream } = reference;
  const targets: CaseTargets = pass.withTargets ? reference.targets : {};
  const record: RecordCase = pass.reported
    ? (specs, measure) => recordRows(specs.map((spec) => ({ ...spec, name: `${pass.label}: ${spec.name}` })), measure)
    : discardRows;
  const compare = (writes: number, key?: keyof CaseTargets): Comparison => ({ floor, writes, upstream: key ? upstream[key] : undefined });
  const seq = (n: number) => () => timeRun(client, "seq", [n], n);
  const par = (n: number) => () => timeRun(client, "par", [n], (n * (n + 1)) / 2);

  // The first run pays for building the workflow bundle and loading the routes; it stays out of the medians.
  if (pass === PASSES[0]) await record([{ name: "seq(1) first run (not in the medians)", unit: "ms" }], async () => [await seq(1)()]);

  await record([{ name: `seq(1) start → completed (median of ${SMALL})`, unit: "ms", compare: compare(2) }], async () => [await medianOf(SMALL, seq(1))]);
  await record([{ name: `seq(10) (median of ${SMALL})`, unit: "ms", compare: compare(11) }], async () => [await medianOf(SMALL, seq(10))]);
  await record([{ name: `seq(100) (median of ${SMALL})`, unit: "ms", target: targets.seq100, compare: compare(101, "seq100") }], async () => [await medianOf(SMALL, seq(100))]);
  await record([{ name: `seq(1000) (median of ${LARGE})`, unit: "ms", target: targets.seq1000, compare: compare(1001, "seq1000") }], async () => [await medianOf(LARGE, seq(1000))]);
  await record([{ name: `par(10) (median of ${SMALL})`, unit: "ms" }], async () => [await medianOf(SMALL, par(10))]);
  await record([{ name: `par(100) (median of ${SMALL})`, unit: "ms", target: targets.par100, compare: compare(1, "par100") }], async () => [await medianOf(SMALL, par(100))]);

  let cpu: CpuPerStep | undefined;
  await record(
    [
      { name: `20 concurrent seq(10): start → last completed (median of ${SMALL})`, unit: "ms" },
      { name: `20 concurrent seq(10): throughput (median of ${SMALL})`, unit: "steps/s", target: targets.throughput, compare: compare(1, "throughput") },
    ],
    async () => {
      const batches: Array<{ ms: number; stepsPerSecond: number }> = [];
      const meter = startCpuMeter(serverCpuMs ?? (() => undefined));
      for (let i = 0; i < SMALL; i++) batches.push(await timeConcurrentSeq(client, 20, 10));
      cpu = meter.stop(SMALL * 20 * 10);
      // The median batch: its time and its throughput.
      const { ms, stepsPerSecond } = batches.toSorted((a, b) => a.ms - b.ms)[Math.floor(batches.length / 2)];
      return [ms, stepsPerSecond];
    },
  );

  // The CPU those batches cost, and the throughput no use of this machine's cores could exceed at that cost.
  if (serverCpuMs?.() !== undefined) {
    const cores = availableParallelism();
    // One name on every target, so the rows line up; a database's CPU is never counted (see `cpuCeiling`).
    const specs: RowSpec[] = [
      { name: `20 concurrent seq(10): server CPU per step (${SMALL} batches, all its threads)`, unit: "ms CPU" },
      { name: `20 concurrent seq(10): client CPU per step (this bench's starts and polls)`, unit: "ms CPU" },
    ];
    if (reference.cpuCeiling) specs.push({ name: `20 concurrent seq(10): most steps/s ${cores} cores allow at that CPU per step`, unit: "steps/s", target: targets.throughput });
    await record(specs, async () => {
      if (!cpu) throw new Error("the throughput case did not complete");
      return [cpu.server, cpu.client, cpuCeiling(cpu, cores)];
    });
  }

  await record([{ name: `sleep("1s") overhead: sleepy − 1000 ms (median of ${SMALL})`, unit: "ms" }], async () => [
    (await medianOf(SMALL, () => timeRun(client, "sleepy", [], 1))) - 1000,
  ]);

  await record(
    [
      { name: `hook: start → registered (median of ${SMALL})`, unit: "ms", target: targets.hookRegistered, compare: compare(1, "hookRegistered") },
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

  await record([{ name: `stream: start → 100th chunk read (median of ${SMALL})`, unit: "ms", target: targets.stream, compare: compare(1, "stream") }], async () => [
    await medianOf(SMALL, () => timeStream(client, 100)),
  ]);

  await record([{ name: `seq(10) again, after all the above (median of ${SMALL})`, unit: "ms" }], async () => [
    await medianOf(SMALL, seq(10)),
  ]);
}
