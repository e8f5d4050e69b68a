import { randomBytes } from "node:crypto";
import pg from "pg";
import { dropWorldSchemas } from "../../runtime/world/postgres/testing/drop-world-schemas.ts";

/** The server the `prod-pg:` target uses: `$WORKFLOW_POSTGRES_URL`, else the local one (user postgres, trust auth). */
export const BENCH_POSTGRES_URL: string = process.env.WORKFLOW_POSTGRES_URL || "postgres://postgres@127.0.0.1:5432/test";

/** A fresh schema on the bench's PostgreSQL server, for one suite. */
export interface BenchSchema {
  /** `wf_bench_<random>`; graphile-worker's tables go to `<schema>_worker`. */
  schema: string;
  /** The environment that makes a built server use this schema. */
  env: NodeJS.ProcessEnv;
  /** `event_count` of a run's summary row (0 when it has none yet): the bench reads it to see a run progress. */
  eventCount(runId: string): Promise<number>;
  /** Drops the schema and its worker schema, then closes the connection; safe to call more than once. */
  drop(): Promise<void>;
}

/**
 * Connects to `url` and creates a fresh schema (the world migrates it when the first server starts).
 * Resolves `{ reason, detail }` instead (a short reason for the rows, the driver's message) when the server
 * does not answer within 3 s or refuses, so the bench can print its rows as unavailable.
 */
export async function createBenchSchema(url: string = BENCH_POSTGRES_URL): Promise<BenchSchema | { reason: string; detail: string }> {
  const pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 3_000 });
  pool.on("error", () => undefined);
  const schema = `wf_bench_${randomBytes(4).toString("hex")}`;
  try {
    await pool.query(`create schema "${schema}"`);
  } catch (error) {
    await pool.end().catch(() => undefined);
    const { code, message } = error as { code?: string; message?: string };
    const detail = message || String(error);
    return { reason: `PostgreSQL at ${describe(url)}: ${code ?? detail}`, detail };
  }
  let dropping: Promise<void> | undefined;
  return {
    schema,
    env: { WORKFLOW_TARGET_WORLD: "postgres", WORKFLOW_POSTGRES_URL: url, WORKFLOW_POSTGRES_SCHEMA: schema },
    async eventCount(runId) {
      const { rows } = await pool.query<{ n: number }>(`select event_count as n from "${schema}".runs where run_id = $1`, [runId]);
      return rows[0]?.n ?? 0;
    },
    drop() {
      dropping ??= (async () => {
        try {
          await dropWorldSchemas(pool, schema);
        } catch (error) {
          console.warn(`http bench: prod-pg: could not drop the schemas ${schema} and ${schema}_worker: ${(error as Error).message}`);
        } finally {
          await pool.end().catch(() => undefined);
        }
      })();
      return dropping;
    },
  };
}

/** `host:port/database` of a connection URL, never its password. */
function describe(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return "the configured URL";
  }
}
