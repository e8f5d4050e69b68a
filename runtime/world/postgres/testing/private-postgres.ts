import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Where Debian's postgresql-15 package puts the server binaries. */
const BIN_DIR = process.env.WORKFLOW_TEST_PG_BIN ?? "/usr/lib/postgresql/15/bin";
/** Ports a private cluster may listen on (kept apart from the shared server on 5432). */
const PORTS = [5261, 5262, 5263, 5264, 5265, 5266, 5267, 5268, 5269];

/**
 * A PostgreSQL cluster of its own for one test file, so a test can stop and start the server under a running
 * world without disturbing anyone else's database.
 */
export interface PrivatePostgres {
  /** Connection URL of the cluster's `postgres` database (user postgres, trust auth). */
  url: string;
  port: number;
  /** Stops the server: `fast` closes connections cleanly, `immediate` kills it as a crash would. */
  stop(mode?: "fast" | "immediate"): Promise<void>;
  /** Starts the stopped server again on the same port and data directory; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops the server (if running) and deletes its data directory. */
  destroy(): Promise<void>;
}

/**
 * True when a private cluster can be created here (the binaries exist). Under `CI` a missing installation
 * throws instead, so the fault tests fail rather than silently skip.
 */
export function canRunPrivatePostgres(): boolean {
  if (existsSync(join(BIN_DIR, "initdb")) && existsSync(join(BIN_DIR, "pg_ctl"))) return true;
  if (process.env.CI) throw new Error(`PostgreSQL 15 server binaries are missing from ${BIN_DIR}, and CI is set: install postgresql-15.`);
  return false;
}

/**
 * Creates and starts a private cluster in a temporary directory (initdb as the `postgres` user when running
 * as root, since the server refuses to run as root), on the first free port of 5261–5269.
 * @example const pg = await startPrivatePostgres(); await pg.stop("immediate"); await pg.start();
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  canRunPrivatePostgres();
  const dir = await mkdtemp(join(tmpdir(), "wf-private-pg-"));
  const dataDir = join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const pgTool = (tool: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", join(BIN_DIR, tool), ...args]) : run(join(BIN_DIR, tool), args);
  await pgTool("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  let port = 0;
  let running = false;

  async function start(): Promise<void> {
    const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    await pgTool("pg_ctl", ["-D", dataDir, "-o", serverOptions, "-l", join(dir, "server.log"), "-w", "-t", "60", "start"]);
    running = true;
  }

  async function stop(mode: "fast" | "immediate" = "fast"): Promise<void> {
    await pgTool("pg_ctl", ["-D", dataDir, "-m", mode, "-w", "-t", "60", "stop"]);
    running = false;
  }

  // A port found free may be taken by someone else before the server binds it: then the next one is tried.
  let lastError: unknown = new Error(`No free port for a private PostgreSQL among ${PORTS[0]}-${PORTS[PORTS.length - 1]}.`);
  for (const candidate of PORTS) {
    if (!(await isFree(candidate))) continue;
    port = candidate;
    try {
      await start();
      break;
    } catch (error) {
      lastError = error;
    }
  }
  if (!running) {
    await rm(dir, { recursive: true, force: true });
    throw lastError;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop,
    start,
    async destroy() {
      if (running) await stop("immediate").catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
