import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createPortPicker, parseBenchPorts } from "./bench-ports.ts";
import { processGroupCpuMs } from "./process-group-cpu.ts";
import { serverNode } from "./server-node.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const HEALTH_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 3_000;
const OUTPUT_LIMIT = 20_000;

/** A playground server (dev or built) in its own process group, on a loopback port. */
export interface PlaygroundProcess {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Whether the server process has exited (a crash mid-bench fails the remaining cases at once). */
  exited(): boolean;
  /** The last 20 KB the server printed, for failure notes. */
  output(): string;
  /** SIGTERM to the whole process group, SIGKILL after 3 s, then resolves once the server has exited. */
  stop(): Promise<void>;
  /** SIGKILL to the whole process group at once (a crash, no shutdown hooks); resolves once the server has exited. */
  kill(): Promise<void>;
  /** CPU ms the server's process group used so far, every thread included; undefined where `/proc` is missing. */
  cpuMs(): number | undefined;
}

/** A port that was free on 127.0.0.1 a moment ago (a server that cannot bind exits; we then retry). */
async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Sends `signal` to the process group `child` leads (spawned with `detached: true`); a no-op once it is gone. */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

const onSignal = () => process.exit(130);

/** How to run one kind of server: `node <args>` in `cwd` with `env`, listening on `port`. */
interface ServerCommand {
  /** What the server is, for failure notes: "the playground dev server". */
  what: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** `$BENCH_PORTS`, read once: the ports servers take in turn, else free ones. */
const configuredPort = createPortPicker(parseBenchPorts(process.env.BENCH_PORTS));

async function launch(command: (port: number) => ServerCommand): Promise<PlaygroundProcess> {
  const port = configuredPort() ?? (await findFreePort());
  const { what, args, cwd, env } = command(port);
  // `detached` makes the server the leader of a new process group, so stopping it also stops whatever it
  // spawned (esbuild/rolldown services, workers) and leaves nothing behind.
  const child = spawn(serverNode().path, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-OUTPUT_LIMIT));
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  let hasExited = false;
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => ((hasExited = true), resolve()));
    // It could not be spawned at all (a missing directory): then there is no "exit".
    child.once("error", (error) => ((output += `${error.message}\n`), (hasExited = true), resolve()));
  });
  // If the bench itself dies (an exception, Ctrl-C), the server must not outlive it.
  const onExit = () => killGroup(child, "SIGKILL");
  process.once("exit", onExit);
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  const playground: PlaygroundProcess = {
    url: `http://127.0.0.1:${port}`,
    exited: () => hasExited,
    output: () => output,
    async stop() {
      killGroup(child, "SIGTERM");
      const graceful = await Promise.race([exited.then(() => true), delay(STOP_GRACE_MS).then(() => false)]);
      // Even after a graceful exit, children that ignored SIGTERM may still be in the group.
      killGroup(child, "SIGKILL");
      if (!graceful) await exited;
      process.off("exit", onExit);
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
    async kill() {
      killGroup(child, "SIGKILL");
      await exited;
    },
    cpuMs: () => processGroupCpuMs(child.pid!),
  };

  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  for (;;) {
    if (hasExited) {
      await playground.stop();
      throw new Error(`${what} exited before /api/health answered:\n${output}`);
    }
    const healthy = await fetch(`${playground.url}/api/health`, { signal: AbortSignal.timeout(5_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return playground;
    if (Date.now() > deadline) {
      await playground.stop();
      throw new Error(`/api/health of ${what} did not answer within ${HEALTH_TIMEOUT_MS / 1000} s:\n${output}`);
    }
    await delay(100);
  }
}

/**
 * Starts `vite playground` (`--port <free port> --strictPort`, bound to 127.0.0.1) with `dataDir` as
 * `WORKFLOW_EMBEDDED_DATA_DIR` and `options.env` on top, and resolves once `GET /api/health` answers 200.
 */
export function startPlayground(dataDir: string, options: { env?: NodeJS.ProcessEnv } = {}): Promise<PlaygroundProcess> {
  return startWithRetries((port) => ({
    what: "the playground dev server",
    args: ["node_modules/vite/bin/vite.js", "playground", "--port", String(port), "--strictPort", "--host", "127.0.0.1"],
    cwd: ROOT,
    env: { ...process.env, WORKFLOW_TARGET_WORLD: "embedded", WORKFLOW_EMBEDDED_DATA_DIR: dataDir, ...options.env },
  }));
}

/**
 * Starts the built playground, `node <outputDir>/server/index.mjs`, on a free port bound to 127.0.0.1 with
 * `dataDir` as `WORKFLOW_EMBEDDED_DATA_DIR` and a freshly generated `WORKFLOW_SECRET` (or `options.secret`,
 * which instances sharing a store should agree on), and resolves once `GET /api/health` answers 200. The
 * filesystem world unless `options.env` selects another (`WORKFLOW_TARGET_WORLD` and its settings).
 */
export function startProductionServer(
  outputDir: string,
  dataDir: string,
  options: { env?: NodeJS.ProcessEnv; secret?: string } = {},
): Promise<PlaygroundProcess> {
  const secret = options.secret ?? randomBytes(24).toString("hex");
  return startWithRetries((port) => ({
    what: "the built playground server",
    args: [join(outputDir, "server/index.mjs")],
    // Its own directory, so nothing it might resolve against the working directory lands in the repository.
    cwd: outputDir,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      NITRO_PORT: String(port),
      HOST: "127.0.0.1",
      NITRO_HOST: "127.0.0.1",
      WORKFLOW_SECRET: secret,
      WORKFLOW_TARGET_WORLD: "embedded",
      WORKFLOW_EMBEDDED_DATA_DIR: dataDir,
      ...options.env,
    },
  }));
}

/** Retries twice if the process exits early (a port taken between probing and binding). */
async function startWithRetries(command: (port: number) => ServerCommand): Promise<PlaygroundProcess> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await launch(command);
    } catch (error) {
      lastError = error;
      if (!String(error).includes("exited before")) break;
    }
  }
  throw lastError;
}

/** Resolves after `ms` milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
