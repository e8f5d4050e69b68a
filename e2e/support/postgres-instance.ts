import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";

/** A built playground server (`node <output>/server/index.mjs`) on the PostgreSQL world, in a child process. */
export interface PostgresInstance {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Whether the process has exited. */
  exited(): boolean;
  /** Everything it printed, for failure messages. */
  output(): string;
  /** Sends `signal` and resolves once the process has exited, with the ms that took. */
  signal(signal: NodeJS.Signals): Promise<number>;
}

/** Options of `startPostgresInstance`. */
export interface PostgresInstanceOptions {
  /** Nitro's output dir (holding `server/index.mjs`). */
  outputDir: string;
  port: number;
  url: string;
  schema: string;
  secret: string;
}

/**
 * Starts a built server with `WORKFLOW_TARGET_WORLD=postgres` on `schema` and resolves once it answers HTTP;
 * rejects with its output when it exits first or is not up within 30 s (then it is killed).
 */
export async function startPostgresInstance(options: PostgresInstanceOptions): Promise<PostgresInstance> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(options.port), NITRO_PORT: String(options.port), NITRO_HOST: "127.0.0.1" };
  delete env.WORKFLOW_EMBEDDED_DATA_DIR;
  Object.assign(env, {
    WORKFLOW_TARGET_WORLD: "postgres",
    WORKFLOW_POSTGRES_URL: options.url,
    WORKFLOW_POSTGRES_SCHEMA: options.schema,
    WORKFLOW_SECRET: options.secret,
  });
  const child: ChildProcess = spawn(process.execPath, [`${options.outputDir}/server/index.mjs`], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exit = once(child, "exit");
  const url = `http://127.0.0.1:${options.port}`;
  const instance: PostgresInstance = {
    url,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    output: () => output,
    async signal(signal) {
      const t0 = performance.now();
      if (!instance.exited()) {
        child.kill(signal);
        await exit;
      }
      return performance.now() - t0;
    },
  };
  const deadline = Date.now() + 30_000;
  // Any answer will do: the webhook route answers 404 for an unknown token once the server is up.
  while (!(await fetch(`${url}/.well-known/workflow/v1/webhook/probe`).then(() => true, () => false))) {
    if (instance.exited()) throw new Error(`The instance on port ${options.port} exited early:\n${output}`);
    if (Date.now() > deadline) {
      await instance.signal("SIGKILL");
      throw new Error(`The instance on port ${options.port} did not answer within 30 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return instance;
}
