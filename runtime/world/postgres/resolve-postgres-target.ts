/** Default of `url` (and of `WORKFLOW_POSTGRES_URL`). */
export const DEFAULT_POSTGRES_URL = "postgres://localhost:5432/test";
/** Default of `schema` (and of `WORKFLOW_POSTGRES_SCHEMA`). */
export const DEFAULT_POSTGRES_SCHEMA = "workflow";

/** Where a PostgreSQL world lives, as given by options (each optional). */
export interface PostgresTargetOptions {
  url?: string;
  schema?: string;
  pool?: number;
}

/** A PostgreSQL world's location with every default applied. */
export interface PostgresTarget {
  url: string;
  schema: string;
  /** Present only when given (by option or `WORKFLOW_POSTGRES_POOL_SIZE`) as a positive integer. */
  pool?: number;
}

/**
 * Resolves a PostgreSQL world's url, schema and pool size: each from its option, else its environment
 * variable (`WORKFLOW_POSTGRES_URL`, `WORKFLOW_POSTGRES_SCHEMA`, `WORKFLOW_POSTGRES_POOL_SIZE`), else the
 * default. Free of the driver, so code that only names a world does not load it.
 * @example resolvePostgresTarget({}, process.env).url // "postgres://localhost:5432/test" when the variable is unset
 */
export function resolvePostgresTarget(options: PostgresTargetOptions, env: Record<string, string | undefined>): PostgresTarget {
  const pool = options.pool ?? (env.WORKFLOW_POSTGRES_POOL_SIZE ? Number(env.WORKFLOW_POSTGRES_POOL_SIZE) : undefined);
  return {
    url: options.url ?? (env.WORKFLOW_POSTGRES_URL || DEFAULT_POSTGRES_URL),
    schema: options.schema ?? (env.WORKFLOW_POSTGRES_SCHEMA || DEFAULT_POSTGRES_SCHEMA),
    ...(pool !== undefined && Number.isInteger(pool) && pool > 0 ? { pool } : {}),
  };
}
