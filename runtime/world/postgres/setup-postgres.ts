import { openPool } from "./connect.ts";
import { DEFAULT_POSTGRES_SCHEMA, DEFAULT_POSTGRES_URL } from "./resolve-postgres-target.ts";
import { migrate, type MigrateResult } from "./migrate.ts";
import { sqlNames } from "./sql-names.ts";

/** What `setupPostgres` did, for the setup command's output. */
export interface SetupResult extends MigrateResult {
  schema: string;
  workerSchema: string;
}

/**
 * Creates or migrates the world's schema (and graphile-worker's) without starting a world: what
 * `workflow postgres setup` runs before a deploy. Idempotent, and safe from several instances at once.
 * @example await setupPostgres({ url: process.env.WORKFLOW_POSTGRES_URL });
 */
export async function setupPostgres(options: { url?: string; schema?: string } = {}): Promise<SetupResult> {
  const names = sqlNames(options.schema ?? DEFAULT_POSTGRES_SCHEMA);
  const pool = await openPool(options.url ?? DEFAULT_POSTGRES_URL, { max: 2 });
  try {
    const result = await migrate(pool, names);
    return { ...result, schema: names.schema, workerSchema: names.workerSchema };
  } finally {
    await pool.end();
  }
}
