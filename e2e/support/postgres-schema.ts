import { randomBytes } from "node:crypto";
import pg from "pg";
import { dropWorldSchemas } from "../../runtime/world/postgres/testing/drop-world-schemas.ts";

/** The server the PostgreSQL end-to-end tests use: `$WORKFLOW_TEST_POSTGRES_URL`, else the local one. */
export const E2E_POSTGRES_URL: string = process.env.WORKFLOW_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** A fresh schema name, `wf_<prefix>_<random>`. */
export function newSchemaName(prefix: string): string {
  return `wf_${prefix}_${randomBytes(4).toString("hex")}`;
}

/** The connection URL that tags connections with `application_name` (so teardown can end exactly those). */
export function taggedUrl(schema: string): string {
  return `${E2E_POSTGRES_URL}${E2E_POSTGRES_URL.includes("?") ? "&" : "?"}application_name=${encodeURIComponent(schema)}`;
}

/** Fails with a clear message when the server does not answer. */
export async function assertPostgresReachable(): Promise<void> {
  const client = new pg.Client({ connectionString: E2E_POSTGRES_URL, connectionTimeoutMillis: 3_000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("select 1");
  } catch (error) {
    throw new Error(`PostgreSQL at ${E2E_POSTGRES_URL} is unreachable: start it (or set WORKFLOW_TEST_POSTGRES_URL) before these tests.`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Drops a world's schema and its queue schema (`<schema>_worker`). Connections tagged with the schema's name
 * (see `taggedUrl`) are ended first: the dev server is still running when Playwright's global teardown runs.
 */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: E2E_POSTGRES_URL });
  client.on("error", () => undefined);
  await client.connect();
  try {
    await dropWorldSchemas(client, schema, schema);
  } finally {
    await client.end();
  }
}
