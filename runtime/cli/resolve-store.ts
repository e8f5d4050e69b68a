import { resolvePostgresTarget } from "../world/postgres/resolve-postgres-target.ts";
import { CliUsageError, CliUserError } from "./cli-io.ts";
import { resolveDataDir } from "./resolve-data-dir.ts";

/** Where `workflow inspect` reads runs from: an embedded world's data directory, or a PostgreSQL schema. */
export type InspectStore = { kind: "dir"; dataDir: string } | { kind: "postgres"; url: string; schema: string };

const KNOWN_TARGETS = new Set(["embedded", "fs", "local", "postgres"]);

/** The flags that pick the store (parsed by `main`). */
export interface StoreFlags {
  "data-dir"?: string;
  "postgres-url"?: string;
  "postgres-schema"?: string;
}

/**
 * Picks the store: `--postgres-url`/`--postgres-schema` select PostgreSQL (the other one from
 * `WORKFLOW_POSTGRES_URL`/`WORKFLOW_POSTGRES_SCHEMA`, else the defaults); `--data-dir` selects a data
 * directory; without flags `WORKFLOW_TARGET_WORLD=postgres` selects PostgreSQL from the environment, and
 * otherwise the data directory is searched (see `resolveDataDir`). Both kinds of flags at once are a usage error;
 * a `WORKFLOW_TARGET_WORLD` that names neither world is a user error.
 * @example resolveStore({ "postgres-url": "postgres://db/app" }, {}, "/app", usage) // { kind: "postgres", url: "postgres://db/app", schema: "workflow" }
 */
export function resolveStore(flags: StoreFlags, env: Record<string, string | undefined>, cwd: string, usage: string): InspectStore {
  const postgresFlag = flags["postgres-url"] !== undefined || flags["postgres-schema"] !== undefined;
  if (postgresFlag && flags["data-dir"] !== undefined) {
    throw new CliUsageError("--data-dir and --postgres-url/--postgres-schema name different stores: pass one of them.", usage);
  }
  const target = env.WORKFLOW_TARGET_WORLD?.trim() || "embedded";
  if (!postgresFlag && !KNOWN_TARGETS.has(target)) {
    throw new CliUserError(`Unknown world target "${target}" in WORKFLOW_TARGET_WORLD. Use "embedded" (the default) or "postgres", or pass --data-dir or --postgres-url.`);
  }
  if (postgresFlag || (flags["data-dir"] === undefined && target === "postgres")) {
    const { url, schema } = resolvePostgresTarget({ url: flags["postgres-url"], schema: flags["postgres-schema"] }, env);
    return { kind: "postgres", url, schema };
  }
  return { kind: "dir", dataDir: resolveDataDir({ flag: flags["data-dir"], env, cwd }) };
}
