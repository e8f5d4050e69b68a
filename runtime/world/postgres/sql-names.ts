import { WorldInputError } from "../fs/world-errors.ts";

/** Schema names the PostgreSQL world accepts: lower-case identifiers that need no quoting rules beyond `"`. */
const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,39}$/;

/** The SQL names the world uses inside one schema, quoted once so statements can be built from them. */
export interface SqlNames {
  /** The schema as given, e.g. `workflow`. */
  schema: string;
  /** Quoted schema, e.g. `"workflow"`. */
  s: string;
  /** graphile-worker's schema for this world (`<schema>_worker`), unquoted as graphile-worker wants it. */
  workerSchema: string;
  /** Quoted worker schema. */
  w: string;
  /** The LISTEN/NOTIFY channel of change notices, unquoted (at most 63 bytes). */
  channel: string;
}

/**
 * Validates a schema name and derives the quoted names built from it.
 * @example sqlNames("workflow").s // '"workflow"'
 */
export function sqlNames(schema: string): SqlNames {
  if (typeof schema !== "string" || !SCHEMA_RE.test(schema)) {
    throw new WorldInputError(
      `Invalid PostgreSQL schema name ${JSON.stringify(schema)}: use 1-40 lower-case letters, digits or "_", starting with a letter or "_" (set WORKFLOW_POSTGRES_SCHEMA or the schema option).`,
    );
  }
  const workerSchema = `${schema}_worker`;
  return { schema, s: `"${schema}"`, workerSchema, w: `"${workerSchema}"`, channel: `${schema}_changes` };
}
