import { WorkflowError } from "../../errors/workflow-error.ts";

/** The database named by the connection URL could not be reached or refused the connection at startup. */
export class PostgresUnreachableError extends WorkflowError {
  constructor(target: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      "ERR_POSTGRES_UNREACHABLE",
      `Cannot connect to PostgreSQL at ${target}: ${reason}. Check that the server runs and that WORKFLOW_POSTGRES_URL (or the url option) names the right host, port, database and user.`,
      { cause },
    );
    this.name = "PostgresUnreachableError";
  }
}

/**
 * The database stopped answering (restart, outage, network) for longer than the retry window: the operation
 * was not done. Callers may try again once the database is back; HTTP answers 503.
 */
export class PostgresUnavailableError extends WorkflowError {
  constructor(windowMs: number, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      "ERR_POSTGRES_UNAVAILABLE",
      `PostgreSQL did not answer for ${windowMs} ms (${reason}), so the operation was given up. Try again once the database is back; WORKFLOW_POSTGRES_RETRY_WINDOW_MS sets how long operations wait for it.`,
      { cause },
    );
    this.name = "PostgresUnavailableError";
  }
}

/** The database holds a newer schema version than this code knows, so it must not write to it. */
export class PostgresSchemaTooNewError extends WorkflowError {
  constructor(schema: string, found: number, known: number) {
    super(
      "ERR_POSTGRES_SCHEMA_TOO_NEW",
      `The PostgreSQL schema "${schema}" is at version ${found}, but this version of vite-workflow knows versions up to ${known}. Upgrade vite-workflow on this instance, or point it at another schema with WORKFLOW_POSTGRES_SCHEMA.`,
    );
    this.name = "PostgresSchemaTooNewError";
  }
}

/**
 * Describes a connection URL for messages: host, port and database, never the user's password.
 * @example describeTarget("postgres://u:secret@db:5432/app") // "db:5432/app"
 */
export function describeTarget(url: string): string {
  try {
    const parsed = new URL(url);
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, "")) || "(default database)";
    return `${parsed.hostname || "localhost"}:${parsed.port || "5432"}/${database}`;
  } catch {
    return "(unparsable URL)";
  }
}
