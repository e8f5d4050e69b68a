import type pg from "pg";
import { openPool } from "../world/postgres/connect.ts";
import { sqlNames } from "../world/postgres/sql-names.ts";
import type { StoredStream } from "./open-inspector.ts";

/** Stream listing for `workflow inspect streams` on the PostgreSQL world (the World API reads streams, it does not list them). */
export interface StreamListing {
  /** Streams whose names start with `prefix`, plus those of `extraNames` that exist, sorted by name. */
  list(prefix: string, extraNames: Iterable<string>): Promise<StoredStream[]>;
  /** True when a stream of this name was ever written or closed. */
  exists(name: string): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Lists streams from the world's `streams` table (one row per stream: `chunk_count`, `closed`), over one
 * connection of its own, opened on first use.
 */
export function createPostgresStreamListing(options: { url: string; schema: string }): StreamListing {
  const { s } = sqlNames(options.schema);
  let pool: Promise<pg.Pool> | undefined;
  const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[]) => (await (pool ??= openPool(options.url, { max: 1 }))).query<R>(text, values);
  type Row = { name: string; chunk_count: number; closed: boolean };
  return {
    async list(prefix, extraNames) {
      // `starts_with` instead of LIKE: stream names may hold `_`, a LIKE wildcard.
      const { rows } = await query<Row>(
        `select name, chunk_count, closed from ${s}.streams where starts_with(name, $1) or name = any($2::text[]) order by name`,
        [prefix, [...extraNames]],
      );
      return rows.map((row) => ({ name: row.name, chunks: row.chunk_count, closed: row.closed }));
    },
    async exists(name) {
      const { rows } = await query(`select 1 from ${s}.streams where name = $1`, [name]);
      return rows.length > 0;
    },
    async close() {
      if (pool) await (await pool).end();
    },
  };
}
