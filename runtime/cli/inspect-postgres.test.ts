import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { serialize } from "../serialization/serialize.ts";
import { encodeStreamChunk } from "../streams/stream-chunk-codec.ts";
import { createTempPostgres, isPostgresAvailable, TEST_POSTGRES_URL } from "../world/postgres/testing/temp-postgres.ts";
import { cli } from "./__fixtures__/seed-world.ts";

const available = await isPostgresAvailable();
const db = createTempPostgres("cli");
const SIGNUP = "workflow//src/workflows/signup.ts//userSignup";

let cwd: string;
let runId: string;
let stream: string;

beforeAll(async () => {
  // A directory without .workflow-data: reading PostgreSQL must not need one.
  cwd = await mkdtemp(join(tmpdir(), "wf-cli-pg-"));
  if (!available) return;
  const world = await db.open();
  ({ runId } = await world.createRun({ workflowName: SIGNUP, input: serialize(["a@b.c"], "workflow-arguments"), seed: "s" }));
  await world.appendEvents(runId, [{ type: "run_started" }]);
  await world.appendEvents(runId, [{ type: "run_completed", output: serialize({ userId: "u1" }, "workflow-return-value") }]);
  stream = `strm_${runId.slice(5)}_user`;
  await world.streams.write(stream, [encodeStreamChunk("hello "), encodeStreamChunk("pg\n")]);
  await world.streams.close(stream);
});

afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe.runIf(available)("workflow inspect on the PostgreSQL world", () => {
  test("--postgres-url and --postgres-schema read runs, events and streams without a data directory", async () => {
    const flags = ["--postgres-url", TEST_POSTGRES_URL, "--postgres-schema", db.schema];
    const runs = await cli(["inspect", "runs", ...flags, "--json"], { cwd });
    expect(runs.stderr).toBe("");
    expect(JSON.parse(runs.stdout).data).toMatchObject([{ runId, status: "completed" }]);

    const one = await cli(["inspect", "runs", runId, ...flags], { cwd });
    expect(one).toMatchObject({ code: 0 });
    expect(one.stdout).toContain('"userId": "u1"');

    const list = await cli(["inspect", "streams", runId, ...flags], { cwd });
    expect(list.stdout).toMatch(new RegExp(`${stream}\\s+default \\(getWritable\\(\\)\\)\\s+2\\s+closed`));
    expect(await cli(["inspect", "streams", stream, ...flags], { cwd })).toMatchObject({ code: 0, stdout: "hello pg\n" });
  });

  test("WORKFLOW_TARGET_WORLD=postgres selects it from the environment; unknown ids name the schema", async () => {
    const env = { WORKFLOW_TARGET_WORLD: "postgres", WORKFLOW_POSTGRES_URL: TEST_POSTGRES_URL, WORKFLOW_POSTGRES_SCHEMA: db.schema };
    const events = await cli(["inspect", "events", runId, "--json"], { cwd, env });
    expect(JSON.parse(events.stdout).data.map((event: { type: string }) => event.type)).toEqual(["run_created", "run_started", "run_completed"]);

    const missing = await cli(["inspect", "runs", "wrun_00000000000000000000000000"], { cwd, env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`not found in PostgreSQL schema "${db.schema}" on 127.0.0.1:5432/test`);
  });

  test("--data-dir with --postgres-url is a usage error; an unknown WORKFLOW_TARGET_WORLD a user error", async () => {
    const both = await cli(["inspect", "runs", "--data-dir", cwd, "--postgres-url", TEST_POSTGRES_URL], { cwd });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("pass one of them");
    const unknown = await cli(["inspect", "runs"], { cwd, env: { WORKFLOW_TARGET_WORLD: "mysql" } });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Unknown world target "mysql"');
  });
});
