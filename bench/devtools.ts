import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { createDevtoolsApi } from "../runtime/devtools-api/create-devtools-api.ts";
import type { WorkflowEvent } from "../runtime/events/event.ts";
import { createFsWorld } from "../runtime/world/fs/create-fs-world.ts";
import { encodeBatch } from "../runtime/world/fs/log-lines.ts";
import { createUlidGenerator } from "../runtime/world/fs/ulid.ts";
import { createPostgresWorld } from "../runtime/world/postgres/create-postgres-world.ts";
import { dropWorldSchemas } from "../runtime/world/postgres/testing/drop-world-schemas.ts";
import type { World } from "../runtime/world/world.ts";
import { measureFirstPaint } from "./devtools-first-paint.ts";
import { createPortPicker, parseBenchPorts } from "./http/bench-ports.ts";
import type { BenchRow } from "./index.ts";

const SIZES = [3_000, 10_000];
const PAINT_SIZES = [2_000, 10_000];
const WORKFLOW = "workflow//bench.ts//order";
const TARGET = "≤ 100 ms";

/** Run `r` of a seeded store: every 10th failed, every 7th still running, the rest completed. */
function statusOf(r: number): "failed" | "running" | "completed" {
  return r % 10 === 3 ? "failed" : r % 7 === 0 ? "running" : "completed";
}
const inputOf = (r: number) => JSON.stringify([[`customer-${r}`, { total: r * 3 }]]);

/** Writes `count` runs of 4 events straight in the filesystem world's format (no fsync, no index file). */
function seedFs(dataDir: string, count: number): void {
  const ulid = createUlidGenerator();
  const start = Date.now() - count * 10;
  for (let r = 0; r < count; r++) {
    const at = start + r;
    const runId = `wrun_${ulid.next(at)}`;
    const base = { runId, createdAt: at };
    const events = [
      { ...base, eventId: `evnt_${ulid.next(at)}`, type: "run_created", workflowName: WORKFLOW, input: inputOf(r), seed: "s" },
      { ...base, eventId: `evnt_${ulid.next(at)}`, type: "run_started" },
    ] as WorkflowEvent[];
    const status = statusOf(r);
    if (status === "failed") events.push({ ...base, eventId: `evnt_${ulid.next(at)}`, type: "run_failed", error: { name: "Error", message: "x" } } as WorkflowEvent);
    if (status === "completed") events.push({ ...base, eventId: `evnt_${ulid.next(at)}`, type: "run_completed", output: "1" } as WorkflowEvent);
    mkdirSync(join(dataDir, "runs", runId), { recursive: true });
    writeFileSync(join(dataDir, "runs", runId, "events.jsonl"), Buffer.concat(events.map((event) => encodeBatch([event]))));
  }
}

/** Median server-side time of `GET /__workflow/api/runs?<query>` over `times` requests. */
async function timeQuery(world: World, query: string, times = 15): Promise<number> {
  const api = createDevtoolsApi({ world });
  const samples: number[] = [];
  try {
    for (let i = 0; i < times; i++) {
      const start = performance.now();
      const response = await api.fetch(new Request(`http://localhost/__workflow/api/runs?${query}`));
      if (response.status !== 200) throw new Error(`GET /runs?${query} answered ${response.status}: ${await response.text()}`);
      await response.json();
      samples.push(performance.now() - start);
    }
  } finally {
    api.close();
  }
  return samples.toSorted((a, b) => a - b)[Math.floor(samples.length / 2)];
}

async function measure(world: World, label: string, count: number): Promise<BenchRow[]> {
  return [
    { name: `GET /runs?status=failed [${count} runs, ${label}]`, value: await timeQuery(world, "status=failed"), unit: "ms", target: TARGET },
    { name: `GET /runs?search=customer-12 [${count} runs, ${label}]`, value: await timeQuery(world, "search=customer-12"), unit: "ms", target: TARGET },
    { name: `GET /runs?search=<no match> [${count} runs, ${label}]`, value: await timeQuery(world, "search=zzz-nothing"), unit: "ms", target: TARGET },
    { name: `GET /runs?status=running&search=customer-7 [${count} runs, ${label}]`, value: await timeQuery(world, "status=running&search=customer-7"), unit: "ms", target: TARGET },
  ];
}

async function benchFs(count: number): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), "wf-bench-devtools-"));
  try {
    seedFs(dataDir, count);
    const first = await createFsWorld({ dataDir });
    const buildStart = performance.now();
    await first.listRuns({ status: "failed", limit: 1 });
    const build = performance.now() - buildStart;
    await first.close();
    // A later process reads the index file instead of the runs.
    const world = await createFsWorld({ dataDir });
    const loadStart = performance.now();
    await world.listRuns({ status: "failed", limit: 1 });
    const load = performance.now() - loadStart;
    const rows = await measure(world, "fs", count);
    await world.close();
    return [
      { name: `run index built from ${count} runs without one`, value: build, unit: "ms" },
      { name: `run index loaded [${count} runs, fs]`, value: load, unit: "ms" },
      ...rows,
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchPostgres(count: number): Promise<BenchRow[]> {
  const url = process.env.WORKFLOW_BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const schema = `wf_bench_devtools_${process.pid}`;
  let world: World;
  try {
    world = await createPostgresWorld({ url, schema });
  } catch {
    return [{ name: "postgres world: server unreachable, skipped", value: 0, unit: "" }];
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Rows written in bulk with the shapes `createRun` and appends leave (the trigger fills search_text).
    const ulid = createUlidGenerator();
    const start = Date.now() - count * 10;
    const runs = Array.from({ length: count }, (_, r) => ({ runId: `wrun_${ulid.next(start + r)}`, at: start + r, status: statusOf(r), input: inputOf(r) }));
    for (let i = 0; i < runs.length; i += 1000) {
      const batch = runs.slice(i, i + 1000);
      await client.query(
        `insert into "${schema}".runs (run_id, workflow_name, status, created_at, started_at, completed_at, event_count, last_event_id)
         select r, $2, s, c, c, case when s = 'running' then null else c end, 3, 'evnt_x' from unnest($1::text[], $3::text[], $4::bigint[]) as t(r, s, c)`,
        [batch.map((run) => run.runId), WORKFLOW, batch.map((run) => run.status), batch.map((run) => run.at)],
      );
      await client.query(
        `insert into "${schema}".events (run_id, seq, event_id, body) select r, 0, 'evnt_' || r, b from unnest($1::text[], $2::text[]) as t(r, b)`,
        [batch.map((run) => run.runId), batch.map((run) => JSON.stringify({ type: "run_created", runId: run.runId, workflowName: WORKFLOW, input: run.input, seed: "s" }))],
      );
    }
    await client.query(`analyze "${schema}".runs`);
    const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from pg_indexes where schemaname = $1 and indexname = 'runs_search'`, [schema]);
    const note = rows[0].n > 0 ? "pg, trigram index" : "pg, no pg_trgm";
    return await measure(world, note, count);
  } finally {
    await world.close();
    await dropWorldSchemas(client, schema).catch(() => undefined);
    await client.end();
  }
}

async function benchFirstPaint(count: number, port: number | undefined): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), "wf-bench-devtools-paint-"));
  try {
    seedFs(dataDir, count);
    return await measureFirstPaint(dataDir, count, port);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Devtools API: status filter and search answered from the world's run index, on 3,000 and 10,000 runs;
 * the panel in Chromium: time to its first run row with 2,000 and 10,000 runs stored.
 */
export async function benchDevtools(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const count of SIZES) rows.push(...(await benchFs(count)), ...(await benchPostgres(count)));
  const nextPort = createPortPicker(parseBenchPorts(process.env.BENCH_PORTS));
  for (const count of PAINT_SIZES) rows.push(...(await benchFirstPaint(count, nextPort())));
  return rows;
}
