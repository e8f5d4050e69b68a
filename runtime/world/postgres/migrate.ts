import { runMigrations } from "graphile-worker";
import type { Pool } from "pg";
import { GRAPHILE_LOGGER } from "./postgres-debug.ts";
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from "./migrations.ts";
import { PostgresSchemaTooNewError } from "./postgres-errors.ts";
import type { SqlNames } from "./sql-names.ts";

/** Key of the advisory lock that serialises schema setup across instances (any constant unique to us). */
const SETUP_LOCK_KEY = 0x77666c77;

/** What `migrate` did. */
export interface MigrateResult {
  /** Version before the call (0: the schema did not exist). */
  from: number;
  to: number;
}

/**
 * Brings the world's schema (and graphile-worker's) to the latest version. Safe to run from several
 * instances at once: a session advisory lock makes them take turns, and each migration runs in its own
 * transaction together with the version bump, so a crash leaves the previous version intact. Never drops
 * anything; a schema newer than this code is refused (`ERR_POSTGRES_SCHEMA_TOO_NEW`).
 */
export async function migrate(pool: Pool, names: SqlNames): Promise<MigrateResult> {
  const client = await pool.connect();
  try {
    await client.query("select pg_advisory_lock($1, hashtext($2))", [SETUP_LOCK_KEY, names.schema]);
    try {
      await client.query(`create schema if not exists ${names.s}`);
      await client.query(`create table if not exists ${names.s}.schema_versions (version integer primary key, applied_at timestamptz not null default now())`);
      const { rows } = await client.query<{ version: number | null }>(`select max(version) as version from ${names.s}.schema_versions`);
      const from = rows[0]?.version ?? 0;
      if (from > LATEST_SCHEMA_VERSION) throw new PostgresSchemaTooNewError(names.schema, from, LATEST_SCHEMA_VERSION);
      for (const migration of MIGRATIONS) {
        if (migration.version <= from) continue;
        await client.query("begin");
        try {
          await client.query(migration.sql(names));
          await client.query(`insert into ${names.s}.schema_versions (version) values ($1)`, [migration.version]);
          await client.query("commit");
        } catch (error) {
          await client.query("rollback").catch(() => undefined);
          throw error;
        }
      }
      await runMigrations({ pgPool: pool, schema: names.workerSchema, logger: GRAPHILE_LOGGER });
      return { from, to: LATEST_SCHEMA_VERSION };
    } finally {
      await client.query("select pg_advisory_unlock($1, hashtext($2))", [SETUP_LOCK_KEY, names.schema]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}
