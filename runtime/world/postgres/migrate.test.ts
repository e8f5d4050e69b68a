import { runMigrations } from "graphile-worker";
import pg from "pg";
import { describe, expect, test } from "vitest";
import { main } from "../../cli/main.ts";
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from "./migrations.ts";
import { GRAPHILE_LOGGER } from "./postgres-debug.ts";
import { sqlNames } from "./sql-names.ts";
import { createTempPostgres, isPostgresAvailable, TEST_POSTGRES_URL } from "./testing/temp-postgres.ts";

const available = await isPostgresAvailable();
const db = createTempPostgres("migrate");

const PENDING_RUN = "wrun_01JD8Z3K4M5N6P7Q8R9S0T1V2W";
const ENDED_RUN = "wrun_01JD8Z3K4M5N6P7Q8R9S0T1V2X";
const TOKEN = "migrate-hook";

/** An event body as version 1 stored it. */
function event(runId: string, n: number, type: string, extra: object = {}): string {
  return JSON.stringify({ type, runId, eventId: `evnt_01JD8Z3K4M5N6P7Q8R9S0T1V${n}0`, createdAt: 1_700_000_000_000 + n, ...extra });
}

/**
 * A schema as version 1 of this package left it: only the first migration applied (with graphile-worker's
 * own schema), holding a pending run with a live hook, an ended run and a closed stream, written the way
 * version 1 stored them.
 */
async function createVersionOneSchema(): Promise<string> {
  const schema = db.newSchema();
  const names = sqlNames(schema);
  const { s } = names;
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`create schema ${s}`);
    await client.query(`create table ${s}.schema_versions (version integer primary key, applied_at timestamptz not null default now())`);
    await client.query("begin");
    await client.query(MIGRATIONS[0].sql(names));
    await client.query(`insert into ${s}.schema_versions (version) values (1)`);
    await client.query("commit");
    await client.query(
      `insert into ${s}.runs (run_id, workflow_name, status, created_at, started_at, completed_at, event_count, last_event_id, idempotency_key) values
        ($1, 'workflow//pending', 'running', 1700000000001, 1700000000002, null, 2, 'evnt_01JD8Z3K4M5N6P7Q8R9S0T1V20', 'key-1'),
        ($2, 'workflow//ended', 'completed', 1700000000003, 1700000000004, 1700000000005, 3, 'evnt_01JD8Z3K4M5N6P7Q8R9S0T1V50', null)`,
      [PENDING_RUN, ENDED_RUN],
    );
    await client.query(
      `insert into ${s}.events (run_id, seq, event_id, settle_key, body) values
        ($1, 0, 'evnt_01JD8Z3K4M5N6P7Q8R9S0T1V10', null, $3), ($1, 1, 'evnt_01JD8Z3K4M5N6P7Q8R9S0T1V20', null, $4),
        ($2, 0, 'evnt_01JD8Z3K4M5N6P7Q8R9S0T1V30', null, $5), ($2, 1, 'evnt_01JD8Z3K4M5N6P7Q8R9S0T1V40', null, $6),
        ($2, 2, 'evnt_01JD8Z3K4M5N6P7Q8R9S0T1V50', null, $7)`,
      [
        PENDING_RUN,
        ENDED_RUN,
        event(PENDING_RUN, 1, "run_created", { workflowName: "workflow//pending", input: "[]", seed: "s1" }),
        event(PENDING_RUN, 2, "run_started"),
        event(ENDED_RUN, 3, "run_created", { workflowName: "workflow//ended", input: "[]", seed: "s2" }),
        event(ENDED_RUN, 4, "run_started"),
        event(ENDED_RUN, 5, "run_completed", { output: "42" }),
      ],
    );
    await client.query(`insert into ${s}.hooks (token, run_id, hook_id, kind, metadata, created_at) values ($1, $2, 'hook_1', 'hook', null, 1700000000002)`, [TOKEN, PENDING_RUN]);
    await client.query(`insert into ${s}.streams (name, chunk_count, closed) values ('strm_v1', 2, true)`);
    await client.query(`insert into ${s}.stream_chunks (name, idx, data) values ('strm_v1', 0, 'ab'::bytea), ('strm_v1', 1, 'cd'::bytea)`);
  } finally {
    await client.end();
  }
  const pool = new pg.Pool({ connectionString: TEST_POSTGRES_URL, max: 2 });
  pool.on("error", () => undefined);
  pool.on("connect", (connection) => connection.on("error", () => undefined));
  try {
    await runMigrations({ pgPool: pool, schema: names.workerSchema, logger: GRAPHILE_LOGGER });
  } finally {
    await pool.end();
  }
  return schema;
}

async function versionsOf(schema: string): Promise<number[]> {
  const { rows } = await db.sql(`select version from "${schema}".schema_versions order by version`);
  return rows.map((row: { version: number }) => row.version);
}

async function readAll(stream: AsyncIterable<Uint8Array>): Promise<string> {
  let text = "";
  for await (const chunk of stream) text += Buffer.from(chunk).toString();
  return text;
}

/** What version 1 stored is still there, and the migrated schema takes new writes. */
async function expectDataIntact(world: Awaited<ReturnType<typeof db.open>>): Promise<void> {
  expect(await world.getRun(PENDING_RUN)).toMatchObject({ status: "running", workflowName: "workflow//pending", eventCount: 2 });
  expect(await world.getRun(ENDED_RUN)).toMatchObject({ status: "completed", completedAt: 1_700_000_000_005, eventCount: 3 });
  expect((await world.readEvents(ENDED_RUN))?.map((e) => e.type)).toEqual(["run_created", "run_started", "run_completed"]);
  expect(await world.hooks.get(TOKEN)).toMatchObject({ runId: PENDING_RUN, hookId: "hook_1" });
  expect(await readAll(world.streams.read("strm_v1"))).toBe("abcd");
  const { runId } = await world.createRun({ workflowName: "workflow//pending", input: "[]", seed: "s3", idempotencyKey: "key-1" });
  expect(runId).toBe(PENDING_RUN);
}

describe.runIf(available)("migrating a schema of an older version", () => {
  test("a world's first use migrates a version 1 schema to the latest, keeping its runs, events, hooks and streams", async () => {
    const schema = await createVersionOneSchema();
    expect(await versionsOf(schema)).toEqual([1]);
    const world = await db.open({ schema });
    expect(await versionsOf(schema)).toEqual(MIGRATIONS.map(({ version }) => version));
    await expectDataIntact(world);
    const appended = await world.appendEvents(PENDING_RUN, [{ type: "run_cancelled" } as never]);
    expect(appended.map((e) => e.type)).toEqual(["run_cancelled"]);
    expect(await world.getRun(PENDING_RUN)).toMatchObject({ status: "cancelled", eventCount: 3 });
  });

  test("`workflow postgres setup` migrates a version 1 schema, keeping its data", async () => {
    const schema = await createVersionOneSchema();
    let stdout = "";
    const code = await main(["postgres", "setup", "--url", TEST_POSTGRES_URL, "--schema", schema], {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: () => undefined },
      env: {},
    });
    expect(code).toBe(0);
    expect(stdout).toContain(`migrated from version 1 to ${LATEST_SCHEMA_VERSION}`);
    expect(await versionsOf(schema)).toEqual(MIGRATIONS.map(({ version }) => version));
    await expectDataIntact(await db.open({ schema }));
  });

  test("six instances starting at once on a version 1 schema migrate it once, and all of them work", async () => {
    const schema = await createVersionOneSchema();
    const worlds = await Promise.all(Array.from({ length: 6 }, () => db.open({ schema, pool: 3 })));
    expect(await versionsOf(schema)).toEqual(MIGRATIONS.map(({ version }) => version));
    for (const world of worlds) expect(await world.getRun(ENDED_RUN)).toMatchObject({ status: "completed" });
    await expectDataIntact(worlds[5]);
  });
});
