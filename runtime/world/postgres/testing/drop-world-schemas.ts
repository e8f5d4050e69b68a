/** Deadlock detected, lock not available: the drop lost a race with a session still using the schema. */
const RETRYABLE_CODES = new Set(["40P01", "55P03"]);
const ATTEMPTS = 10;

/** A connection, a pool, or anything else that runs a statement. */
export interface SqlRunner {
  query(text: string, values?: unknown[]): Promise<unknown>;
}

/**
 * Drops a world's schema and graphile-worker's beside it (`<schema>_worker`) in one statement. When
 * `applicationName` is given, the connections tagged with it are ended before each attempt: a server still
 * running reconnects at once, and its next query can lock tables in an order that deadlocks with the drop's
 * cascade, so a drop that loses that race is tried again rather than leaving the schemas behind.
 */
export async function dropWorldSchemas(db: SqlRunner, schema: string, applicationName?: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      if (applicationName) {
        await db.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()", [applicationName]);
      }
      await db.query(`drop schema if exists "${schema}", "${schema}_worker" cascade`);
      return;
    } catch (error) {
      if (attempt === ATTEMPTS || !RETRYABLE_CODES.has((error as { code?: string }).code ?? "")) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}
