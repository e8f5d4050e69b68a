import pg from "pg";
import { WorldInputError } from "../fs/world-errors.ts";
import { describeTarget, PostgresUnavailableError, PostgresUnreachableError } from "./postgres-errors.ts";

/** How long an operation waits for the database by default before `ERR_POSTGRES_UNAVAILABLE`. */
export const DEFAULT_RETRY_WINDOW_MS = 60_000;

/**
 * How long operations wait out a lost database: `$WORKFLOW_POSTGRES_RETRY_WINDOW_MS`, else 60 s. Read on
 * each use, so a process can change it; a value that is not a whole number of ms ≥ 0 is refused.
 */
export function retryWindowMs(): number {
  const raw = process.env.WORKFLOW_POSTGRES_RETRY_WINDOW_MS;
  if (raw === undefined || raw.trim() === "") return DEFAULT_RETRY_WINDOW_MS;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new WorldInputError(`WORKFLOW_POSTGRES_RETRY_WINDOW_MS must be a whole number of milliseconds (0 or more), got ${JSON.stringify(raw)}.`);
  }
  return value;
}

/** Connection errors worth waiting out (server restarting or out of connection slots, connection killed, network blip). */
const TRANSIENT_CODES = new Set(["53300", "57P01", "57P02", "57P03", "08000", "08003", "08006", "08001", "08004", "ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EAI_AGAIN"]);

/**
 * True when `error` says the connection was lost or refused, rather than that the statement was wrong: the
 * operation may be retried once the database answers again.
 */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  if (code !== undefined && TRANSIENT_CODES.has(code)) return true;
  return /Connection terminated|connection is closed|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(error.message);
}

/** The statement graphile-worker 0.17 subscribes with, and what the world's connections run instead. */
const GRAPHILE_LISTEN = 'LISTEN "jobs:insert"; LISTEN "worker:migrate";';
const GRAPHILE_LISTEN_JOBS_ONLY = 'LISTEN "jobs:insert";';

/**
 * The world's connection class. graphile-worker shuts its worker pool down (and sets `process.exitCode`)
 * when it hears a "breaking" notice on `worker:migrate`; that channel is database-wide and its payload names
 * no schema, so setting up any other schema on the database (another app, a test, a second world) would
 * stop this world's queue. Our connections listen for new jobs only; this world's own schema version is
 * checked by `migrate` instead (`ERR_POSTGRES_SCHEMA_TOO_NEW`).
 */
class WorldClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    this.query = ((...args: unknown[]) => query(...(args[0] === GRAPHILE_LISTEN ? [GRAPHILE_LISTEN_JOBS_ONLY, ...args.slice(1)] : args))) as typeof this.query;
  }
}

/**
 * Opens a pool on `url` and checks that the database answers, so a wrong URL fails at startup with
 * `ERR_POSTGRES_UNREACHABLE` naming host and database (never the password). Idle clients killed by the
 * server are dropped by the pool instead of crashing the process.
 */
export async function openPool(url: string, options: { max?: number } = {}): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: 10_000, Client: WorldClient });
  // A killed connection emits "error" on its client (and on the pool when idle); the query in flight rejects
  // and is retried where safe, so the event itself only needs to be kept from crashing the process.
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  try {
    await pool.query("select 1");
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new PostgresUnreachableError(describeTarget(url), error);
  }
  return pool;
}

/** Longest pause between two tries of an operation waiting for the database. */
const MAX_RETRY_DELAY_MS = 1_000;

/**
 * Runs `operation`, and while it fails with a connection error waits (backoff up to 1 s) and runs it again,
 * for up to `patienceMs` (the retry window): a database restart pauses the work instead of failing it. Past
 * the window it fails with `ERR_POSTGRES_UNAVAILABLE`. Only for operations that are safe to repeat, or that
 * check on retry whether their first attempt committed.
 */
export async function retryOnDisconnect<T>(operation: (attempt: number) => Promise<T>, patienceMs: number = retryWindowMs()): Promise<T> {
  const deadline = Date.now() + patienceMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      if (Date.now() >= deadline) throw new PostgresUnavailableError(patienceMs, error);
      await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, MAX_RETRY_DELAY_MS, Math.max(0, deadline - Date.now()))));
    }
  }
}

/**
 * The pool graphile-worker is given. Its job bookkeeping (completing or failing a job once our handler
 * resolved) runs on a promise nobody awaits, so a lost connection there would be an unhandled rejection and a
 * job left locked. Here each of its single-statement queries is retried over the pool until the database
 * answers (or the queue stops: `stopped()`). Its LISTEN connection (`connect(callback)`) is passed through.
 */
export function queuePool(pool: pg.Pool, stopped: () => boolean): pg.Pool {
  const query = async (...args: unknown[]) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await (pool.query as (...a: unknown[]) => Promise<unknown>)(...args);
      } catch (error) {
        if (!isConnectionError(error) || stopped()) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, MAX_RETRY_DELAY_MS)));
      }
    }
  };
  const client = { query, release: () => undefined };
  return new Proxy(pool, {
    get(target, key, receiver) {
      if (key === "connect") {
        return (callback?: (...args: unknown[]) => void) => (callback ? target.connect(callback as never) : Promise.resolve(client));
      }
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
