import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, onTestFinished } from "vitest";
import type { World } from "../../world.ts";
import { createPostgresWorld, type PostgresWorldOptions } from "../create-postgres-world.ts";
import { dropWorldSchemas } from "./drop-world-schemas.ts";

/** The server the tests use: `$WORKFLOW_TEST_POSTGRES_URL`, else the local one (user postgres, trust auth). */
export const TEST_POSTGRES_URL: string = process.env.WORKFLOW_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/**
 * True when the test server answers. When it does not: false locally (the tests are skipped), but under
 * `CI` it throws, so a missing database fails the run instead of silently skipping it.
 */
export async function isPostgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 3_000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch (error) {
    if (process.env.CI) throw new Error(`PostgreSQL at ${TEST_POSTGRES_URL} is unreachable, and CI is set: start it before the tests.`, { cause: error });
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Opens a world on the test file's schema (or on `schema`); see `createTempPostgres`. `applicationName` tags
 * its connections (`pg_stat_activity.application_name`), so a test can terminate them and no one else's.
 */
export type OpenPostgresWorld = (options?: Omit<PostgresWorldOptions, "url"> & { applicationName?: string }) => Promise<World>;

/**
 * For a test file: a fresh schema name (`wf_<prefix>_<random>`), `open()` to start world instances on it
 * (several calls share the schema, as several processes would), `sql()` for direct queries. A world opened
 * in a test is closed when the test finishes, one opened in `beforeAll` after the file; the schemas are
 * dropped after the file.
 * @example const db = createTempPostgres("queue"); const world = await db.open();
 */
export function createTempPostgres(prefix: string): { schema: string; open: OpenPostgresWorld; sql(text: string, values?: unknown[]): Promise<pg.QueryResult>; newSchema(): string } {
  const schemas = new Set<string>();
  const worlds: World[] = [];
  const newSchema = () => {
    const name = `wf_${prefix}_${randomBytes(4).toString("hex")}`;
    schemas.add(name);
    return name;
  };
  const schema = newSchema();
  let admin: pg.Pool | undefined;
  const sql = (text: string, values?: unknown[]) => {
    if (!admin) {
      admin = new pg.Pool({ connectionString: TEST_POSTGRES_URL, max: 2 });
      admin.on("error", () => undefined);
    }
    return admin.query(text, values);
  };
  afterAll(async () => {
    await Promise.all(worlds.splice(0).map((world) => world.close()));
    for (const name of schemas) await dropWorldSchemas({ query: sql }, name).catch(() => undefined);
    await admin?.end();
  });
  return {
    schema,
    newSchema,
    sql,
    async open({ applicationName, ...options } = {}) {
      const url = applicationName ? `${TEST_POSTGRES_URL}?application_name=${encodeURIComponent(applicationName)}` : TEST_POSTGRES_URL;
      const world = await createPostgresWorld({ url, schema, ...options });
      try {
        // Opened in a test: closed when it finishes. Opened in a `beforeAll`: closed after the file.
        onTestFinished(() => world.close());
      } catch {
        worlds.push(world);
      }
      return world;
    },
  };
}
