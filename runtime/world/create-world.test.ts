import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createWorld } from "./create-world.ts";
import { createTempPostgres, isPostgresAvailable, TEST_POSTGRES_URL } from "./postgres/testing/temp-postgres.ts";

const postgresAvailable = await isPostgresAvailable();

const dirs: string[] = [];
afterEach(() => {
  vi.unstubAllEnvs();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("createWorld", () => {
  it("defaults to the filesystem world in WORKFLOW_EMBEDDED_DATA_DIR", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wf-create-"));
    dirs.push(dir);
    vi.stubEnv("WORKFLOW_TARGET_WORLD", "");
    vi.stubEnv("WORKFLOW_EMBEDDED_DATA_DIR", join(dir, "data"));
    const world = await createWorld();
    const { runId } = await world.createRun({ workflowName: "workflow//w", input: "[]", seed: "s" });
    expect(existsSync(join(dir, "data", "runs", runId, "events.jsonl"))).toBe(true);
    await world.close();
  });

  it("prefers the dataDir option over the environment", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wf-create-"));
    dirs.push(dir);
    vi.stubEnv("WORKFLOW_EMBEDDED_DATA_DIR", join(dir, "env"));
    const world = await createWorld({ dataDir: join(dir, "option"), target: "embedded" });
    await world.close();
    expect(existsSync(join(dir, "option", "runs"))).toBe(true);
    expect(existsSync(join(dir, "env"))).toBe(false);
  });

  it("rejects unknown targets", async () => {
    await expect(createWorld({ target: "redis" })).rejects.toMatchObject({ code: "ERR_WORLD_UNKNOWN_TARGET" });
  });
});

describe.runIf(postgresAvailable)("createWorld with WORKFLOW_TARGET_WORLD=postgres", () => {
  const db = createTempPostgres("create");

  it("opens the PostgreSQL world on WORKFLOW_POSTGRES_URL and WORKFLOW_POSTGRES_SCHEMA", async () => {
    vi.stubEnv("WORKFLOW_TARGET_WORLD", "postgres");
    vi.stubEnv("WORKFLOW_POSTGRES_URL", TEST_POSTGRES_URL);
    vi.stubEnv("WORKFLOW_POSTGRES_SCHEMA", db.schema);
    const world = await createWorld();
    try {
      const { runId } = await world.createRun({ workflowName: "workflow//w", input: "[]", seed: "s" });
      const { rows } = await db.sql(`select run_id from "${db.schema}".runs`);
      expect(rows).toEqual([{ run_id: runId }]);
    } finally {
      await world.close();
    }
  });

  it("fails at startup with ERR_POSTGRES_UNREACHABLE naming host and database, never the password", async () => {
    const refused = createWorld({ target: "postgres", url: "postgres://postgres:s3cret-pw@127.0.0.1:1/app", schema: db.schema });
    await expect(refused).rejects.toMatchObject({ code: "ERR_POSTGRES_UNREACHABLE", message: expect.stringContaining("127.0.0.1:1/app") });
    await expect(refused).rejects.not.toMatchObject({ message: expect.stringContaining("s3cret-pw") });
    const missingDb = createWorld({ target: "postgres", url: TEST_POSTGRES_URL.replace(/\/test$/, "/wf_no_such_db"), schema: db.schema });
    await expect(missingDb).rejects.toMatchObject({ code: "ERR_POSTGRES_UNREACHABLE", message: expect.stringMatching(/127\.0\.0\.1:5432\/wf_no_such_db.*does not exist/) });
  });
});
