import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import pg from "pg";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildWorkflowBundle } from "../plugin/bundle/build-workflow-bundle.ts";
import { start } from "../runtime/api/index.ts";
import { createRuntime } from "../runtime/engine/create-runtime.ts";
import { setRuntime } from "../runtime/engine/default-runtime.ts";
import { registerStepFunction } from "../runtime/registry/register-step-function.ts";
import { createFsWorld } from "../runtime/world/fs/create-fs-world.ts";
import { createMemoryWorld } from "../runtime/world/memory/create-memory-world.ts";
import { createPostgresWorld } from "../runtime/world/postgres/create-postgres-world.ts";
import { dropWorldSchemas } from "../runtime/world/postgres/testing/drop-world-schemas.ts";
import type { World } from "../runtime/world/world.ts";
import type { Floors } from "./floor.ts";
import type { BenchRow } from "./index.ts";
import { median } from "./median.ts";

type Floor = keyof Floors;

const WORKFLOWS = `
export async function mark(i: number) { "use step"; return i; }
export async function inc(i: number) { "use step"; return i + 1; }
export async function first() { "use workflow"; return await mark(0); }
export async function seq(n: number) { "use workflow"; let v = 0; for (let i = 0; i < n; i++) v = await inc(v); return v; }
export async function par(n: number) { "use workflow"; const r = await Promise.all(Array.from({ length: n }, (_, i) => inc(i))); return r.length; }
`;

const noop = (): void => {};
const id = (name: string) => ({ workflowId: `workflow//wf.ts//${name}` });

/**
 * Engine figures, in-process on the filesystem world in a temp dir: start → first step, the gap between
 * consecutive steps at steps 1, 100 and 1,000 of one run, a 100-step fan-out, and throughput of 20 runs;
 * then the same on the memory world and on the PostgreSQL world.
 */
export async function benchEngine(): Promise<BenchRow[]> {
  const root = mkdtempSync(join(tmpdir(), "wf-bench-engine-"));
  try {
    writeFileSync(join(root, "wf.ts"), WORKFLOWS);
    const bundle = await buildWorkflowBundle({ root, entries: ["wf.ts"] });
    const fs = await measure(bundle, await createFsWorld({ dataDir: join(root, "data") }), "", "fs");
    // The same cases on the in-memory world isolate the engine's own cost from storage.
    const memory = await measure(bundle, createMemoryWorld(), " (memory world)");
    const postgres = await measurePostgres(bundle);
    return [...fs, ...memory.map(({ target: _target, ...row }) => row), ...postgres];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * The same cases on the PostgreSQL world (`$WORKFLOW_BENCH_POSTGRES_URL`, else the local test database), in a
 * schema of its own that is dropped afterwards. Skipped, with a row saying so, when the server is unreachable.
 */
async function measurePostgres(bundle: { code: string; map?: unknown }): Promise<BenchRow[]> {
  const url = process.env.WORKFLOW_BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const schema = `wf_bench_${process.pid}`;
  let world: World;
  try {
    world = await createPostgresWorld({ url, schema });
  } catch {
    return [{ name: "postgres world: server unreachable, skipped", value: 0, unit: "" }];
  }
  try {
    const rows = (await measure(bundle, world, " (postgres world)", "pg")).map(({ target: _target, ...row }) => row);
    const targets = await measureTargets(bundle, await createPostgresWorld({ url, schema }));
    return [...rows, ...targets];
  } finally {
    await dropSchemas(url, schema);
  }
}

/** The PostgreSQL world's own targets: a 100-step run, and 20 concurrent 10-step runs. */
async function measureTargets(bundle: { code: string; map?: unknown }, world: World): Promise<BenchRow[]> {
  registerStepFunction("step//wf.ts//mark", async (i: number) => i);
  registerStepFunction("step//wf.ts//inc", async (i: number) => i + 1);
  const runtime = createRuntime({ world, workflowBundle: () => bundle });
  setRuntime(runtime);
  try {
    await (await start(id("seq"), [10])).returnValue; // warm-up
    const seq100: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      await (await start(id("seq"), [100])).returnValue;
      seq100.push(performance.now() - t0);
    }
    const rates: number[] = [];
    for (let k = 0; k < 5; k++) rates.push(await concurrentRate(20, 10));
    const rate = median(rates);
    return [
      { name: "seq(100) start → result (median of 5) (postgres world)", value: median(seq100), unit: "ms", target: "≤ 150 ms", compare: { floor: "pg", writes: 101 } },
      { name: "steps/s, 20 concurrent runs × 10 steps (median of 5 batches) (postgres world)", value: rate, unit: "steps/s", target: "≥ 1,000", compare: { floor: "pg" } },
    ];
  } finally {
    await runtime.close();
    setRuntime(undefined);
    await world.close();
  }
}

/** Drops the benchmark's schemas. */
async function dropSchemas(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await dropWorldSchemas(client, schema);
  } finally {
    await client.end();
  }
}

/** Steps per second of `runs` concurrent `seq(steps)` runs of the installed runtime, from their starts to the last result. */
async function concurrentRate(runs: number, steps: number): Promise<number> {
  const t0 = performance.now();
  const started = await Promise.all(Array.from({ length: runs }, () => start(id("seq"), [steps])));
  await Promise.all(started.map((run) => run.returnValue));
  return (runs * steps) / ((performance.now() - t0) / 1000);
}

/** `floor`: the durable write the world's figures are compared to; none for the memory world. */
async function measure(bundle: { code: string; map?: unknown }, world: World, suffix: string, floor?: Floor): Promise<BenchRow[]> {
  const compare = (writes?: number) => (floor ? { compare: { floor, writes } } : {});
  let onStep: (i: number) => void = noop;
  registerStepFunction("step//wf.ts//mark", async (i: number) => (onStep(i), i));
  registerStepFunction("step//wf.ts//inc", async (i: number) => (onStep(i), i + 1));
  const runtime = createRuntime({ world, workflowBundle: () => bundle });
  setRuntime(runtime);
  const rows: BenchRow[] = [];
  try {
    await (await start(id("first"))).returnValue; // warm-up: compile, sandbox pool, file handles

    const firstStep: number[] = [];
    for (let k = 0; k < 30; k++) {
      let stepAt = 0;
      onStep = () => (stepAt ||= performance.now());
      const t0 = performance.now();
      const run = await start(id("first"));
      await run.returnValue;
      firstStep.push(stepAt - t0);
    }
    rows.push({ name: "start() → first step (median of 30)", value: median(firstStep), unit: "ms", target: "≤ 1 ms" });

    const stamps: number[] = [];
    onStep = () => stamps.push(performance.now());
    const long = await start(id("seq"), [1000]);
    await long.returnValue;
    // What each poll of a finished run costs (`GET /api/runs/:id` reads the outcome): flat in the log's length.
    const polls: number[] = [];
    for (let k = 0; k < 50; k++) {
      const t0 = performance.now();
      await runtime.readOutcome(long.runId);
      polls.push(performance.now() - t0);
    }
    const gap = (from: number, to: number) => median(stamps.slice(from, to).map((t, i) => t - stamps[from + i - 1]).filter((_, i) => from + i > 0));
    rows.push({ name: "step-to-step at step 1-10", value: gap(1, 11), unit: "ms", ...compare(1) });
    rows.push({ name: "step-to-step at step ~100", value: gap(95, 105), unit: "ms", target: "flat", ...compare(1) });
    rows.push({ name: "step-to-step at step ~1,000", value: gap(990, 1000), unit: "ms", target: "flat", ...compare(1) });
    rows.push({ name: "outcome of the finished seq(1000) run, read once (median of 50)", value: median(polls), unit: "ms", target: "< 0.5 ms" });

    onStep = noop;
    let t0 = performance.now();
    await (await start(id("par"), [100])).returnValue;
    rows.push({ name: "Promise.all of 100 steps", value: performance.now() - t0, unit: "ms", target: "≤ 80 ms" });

    const rates: number[] = [];
    for (let k = 0; k < 5; k++) rates.push(await concurrentRate(20, 50));
    rows.push({ name: "steps/s, 20 concurrent runs × 50 steps (median of 5 batches)", value: median(rates), unit: "steps/s", target: "≥ 3,000", ...compare() });
  } finally {
    await runtime.close();
    setRuntime(undefined);
    await world.close();
  }
  return rows.map((row) => ({ ...row, name: row.name + suffix }));
}
