import { describe, expect, it } from "vitest";
import { createTempPostgres, isPostgresAvailable, TEST_POSTGRES_URL } from "../../world/postgres/testing/temp-postgres.ts";
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from "../../world/postgres/migrations.ts";
import { main } from "../main.ts";

const available = await isPostgresAvailable();
const db = createTempPostgres("setup");

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, env: {} });
  return { code, stdout, stderr };
}

describe.runIf(available)("workflow postgres setup", () => {
  it("creates the schema once when run twice at the same time, and is idempotent afterwards", async () => {
    const argv = ["postgres", "setup", "--url", TEST_POSTGRES_URL, "--schema", db.schema];
    const [first, second] = await Promise.all([run(argv), run(argv)]);
    expect([first.code, second.code]).toEqual([0, 0]);
    expect([first.stdout, second.stdout].toSorted()).toEqual([
      expect.stringContaining(`already at version ${LATEST_SCHEMA_VERSION}`),
      expect.stringContaining(`created at version ${LATEST_SCHEMA_VERSION}`),
    ]);
    const { rows } = await db.sql(`select version from "${db.schema}".schema_versions order by version`);
    expect(rows).toEqual(MIGRATIONS.map(({ version }) => ({ version })));
    const world = await db.open();
    const { runId } = await world.createRun({ workflowName: "workflow//w", input: "[]", seed: "s" });
    const again = await run([...argv, "--json"]);
    expect(JSON.parse(again.stdout)).toMatchObject({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION, schema: db.schema, workerSchema: `${db.schema}_worker` });
    expect(await world.getRun(runId)).toMatchObject({ status: "pending" });
  });

  it("refuses a schema migrated by a newer version, and reports an unreachable server", async () => {
    const schema = db.newSchema();
    expect((await run(["postgres", "setup", "--url", TEST_POSTGRES_URL, "--schema", schema])).code).toBe(0);
    await db.sql(`insert into "${schema}".schema_versions (version) values (999)`);
    const tooNew = await run(["postgres", "setup", "--url", TEST_POSTGRES_URL, "--schema", schema]);
    expect(tooNew.code).toBe(1);
    expect(tooNew.stderr).toContain("version 999");
    const down = await run(["postgres", "setup", "--url", "postgres://u:hidden-pw@127.0.0.1:1/app"]);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain("Cannot connect to PostgreSQL at 127.0.0.1:1/app");
    expect(down.stderr).not.toContain("hidden-pw");
  });

  it("explains its usage", async () => {
    const result = await run(["postgres", "migrate"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Usage: workflow postgres setup");
  });
});
