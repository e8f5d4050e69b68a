import type pg from "pg";
import type { UlidGenerator } from "../fs/ulid.ts";
import type { WorldChange } from "../world.ts";
import type { PgOwnWrites } from "./pg-own-writes.ts";
import type { SqlNames } from "./sql-names.ts";

/** What the parts of the PostgreSQL world share: the pool, the names, this instance's id and its notices. */
export interface PgContext {
  pool: pg.Pool;
  names: SqlNames;
  /** This world instance's owner id; also tags its change notices so it can skip its own. */
  self: string;
  ulid: UlidGenerator;
  /** What this instance knows of runs from its own writes (creations under way, runs it ended). */
  own: PgOwnWrites;
  /** Tells this instance's `watch` listeners about a change it made (others hear it through NOTIFY). */
  emit(change: WorldChange): void;
  /**
   * Tells other instances, after the change committed (see `createNotifier`). `lazy` lets the notice wait a
   * few milliseconds to share its statement with others (for runs that moved on without ending).
   */
  notify(kind: "r" | "s" | "h", key: string, lazy?: boolean): void;
}

/** The payload of a change notice: `<origin>|<kind>|<key>`, kind `r` (run), `s` (stream), `h` (hook), `t` (timer). */
export function noticeOf(origin: string, kind: "r" | "s" | "h" | "t", key: string): string {
  return `${origin}|${kind}|${key}`;
}

/** Converts a `bigint` column (a string in node-postgres) to a number; null stays undefined. */
export function toMs(value: string | number | null | undefined): number | undefined {
  return value === null || value === undefined ? undefined : Number(value);
}
