import fs from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { BENCH_POSTGRES_URL } from "./http/bench-schema.ts";
import { datasync } from "../runtime/world/fs/datasync.ts";
import { median } from "./median.ts";

/** What a durable write costs on this machine, measured in the same run as the figures compared to it. */
export interface Floors {
  /** One ~200-byte append to a file plus fdatasync, as the filesystem world does per write (median, ms). */
  fs: number;
  /** One single-row insert committed by PostgreSQL (a round trip plus the WAL flush; median, ms), if reachable. */
  pg?: number;
}

const SAMPLES = 200;
const LINE = Buffer.from(`${JSON.stringify({ type: "step_completed", correlationId: "step_01JD8Z3K4M5N6P7Q8R9S0T1V2W", result: "x".repeat(90) })}\n`);

/** The filesystem floor: appends and fdatasyncs one line at a time in the temp dir the bench's worlds use. */
export async function measureFsFloor(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "wf-bench-floor-"));
  const fd = fs.openSync(join(dir, "events.jsonl"), "a+");
  try {
    const samples: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const t0 = performance.now();
      fs.writeSync(fd, LINE);
      await datasync(fd);
      samples.push(performance.now() - t0);
    }
    return median(samples);
  } finally {
    fs.closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The PostgreSQL floor: single-row inserts into a temporary table, each its own committed transaction. */
export async function measurePgFloor(url: string = BENCH_POSTGRES_URL): Promise<number | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    // A regular (logged) table: a temporary one is not WAL-logged, so its commit would not wait for the disk.
    const table = `wf_bench_floor_${process.pid}`;
    await client.query(`create table if not exists ${table} (id serial primary key, body text)`);
    try {
      const samples: number[] = [];
      const body = LINE.toString();
      for (let i = 0; i < SAMPLES; i++) {
        const t0 = performance.now();
        await client.query({ name: "floor-insert", text: `insert into ${table} (body) values ($1)`, values: [body] });
        samples.push(performance.now() - t0);
      }
      return median(samples);
    } finally {
      await client.query(`drop table if exists ${table}`);
    }
  } catch (error) {
    console.warn(`bench: the PostgreSQL floor is not measured: ${(error as Error).message}`);
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}
