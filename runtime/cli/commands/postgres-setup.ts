import { parseArgs } from "node:util";
import { DEFAULT_POSTGRES_SCHEMA, DEFAULT_POSTGRES_URL, resolvePostgresTarget } from "../../world/postgres/resolve-postgres-target.ts";
import { describeTarget } from "../../world/postgres/postgres-errors.ts";
import { setupPostgres } from "../../world/postgres/setup-postgres.ts";
import { CliUsageError, CliUserError, type CliIo } from "../cli-io.ts";

export const POSTGRES_USAGE = `Usage: workflow postgres setup [options]

Creates the PostgreSQL world's tables, or migrates them to this version (never drops anything). Safe to run
again and from several machines at once. Worlds also do this on first use; run it before a deploy to keep
schema changes out of request paths.

Options:
  --url <url>        Connection URL (default: $WORKFLOW_POSTGRES_URL, else ${DEFAULT_POSTGRES_URL})
  --schema <name>    Schema of the world's tables (default: $WORKFLOW_POSTGRES_SCHEMA, else ${DEFAULT_POSTGRES_SCHEMA})
  --json, -j         Print the result as JSON
  --help, -h         Show this help`;

/**
 * `workflow postgres setup`: applies the world's migrations to the database named by `--url` or
 * `WORKFLOW_POSTGRES_URL`. Throws `CliUsageError` for a bad invocation and `CliUserError` when the database
 * cannot be set up (unreachable, schema too new).
 */
export async function runPostgresCommand(args: string[], io: CliIo): Promise<void> {
  const env = io.env ?? process.env;
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error), POSTGRES_USAGE);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(`${POSTGRES_USAGE}\n`);
    return;
  }
  if (positionals[0] !== "setup" || positionals.length > 1) {
    throw new CliUsageError(positionals[0] === undefined ? "Missing subcommand." : `Unknown subcommand "${positionals.join(" ")}".`, POSTGRES_USAGE);
  }
  const { url, schema } = resolvePostgresTarget({ url: values.url, schema: values.schema }, env);
  let result: Awaited<ReturnType<typeof setupPostgres>>;
  try {
    result = await setupPostgres({ url, schema });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("ERR_")) throw new CliUserError(error instanceof Error ? error.message : String(error));
    throw error;
  }
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ database: describeTarget(url), ...result }, null, 2)}\n`);
    return;
  }
  const change = result.from === result.to ? `already at version ${result.to}` : result.from === 0 ? `created at version ${result.to}` : `migrated from version ${result.from} to ${result.to}`;
  io.stdout.write(`Schema "${result.schema}" on ${describeTarget(url)}: ${change} (queue in "${result.workerSchema}").\n`);
}

const OPTIONS = {
  url: { type: "string" },
  schema: { type: "string" },
  json: { type: "boolean", short: "j" },
  help: { type: "boolean", short: "h" },
} as const;
