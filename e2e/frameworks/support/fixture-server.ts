import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** `e2e/frameworks/`: the npm workspace of the fixture apps. */
export const FRAMEWORKS_DIR = fileURLToPath(new URL("..", import.meta.url));

/** The Node the fixtures run on (install.sh puts Node 24 there): current framework majors need Node >= 22. */
const NODE_BIN_DIR = join(FRAMEWORKS_DIR, ".node/node_modules/.bin");

/** First of the 12 consecutive ports the fixtures listen on: two per framework, dev and production. */
export const FRAMEWORKS_PORT = Number(process.env.E2E_FRAMEWORKS_PORT ?? 4410);

/** The secret the production servers sign deliveries with. */
export const TEST_SECRET = "e2e-frameworks-secret-0123456789abcdef";

/** Environment of a fixture command: Node 24 and the workspace's binaries first on PATH. */
function fixtureEnv(appDir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  if (!existsSync(join(NODE_BIN_DIR, "node")) || !existsSync(join(FRAMEWORKS_DIR, "node_modules/vite-workflow"))) {
    throw new Error("The framework fixtures are not installed: run e2e/frameworks/install.sh (npm run test:frameworks does).");
  }
  const path = [NODE_BIN_DIR, join(appDir, "node_modules/.bin"), join(FRAMEWORKS_DIR, "node_modules/.bin"), process.env.PATH].join(":");
  // NODE_OPTIONS and friends of the test runner's Node must not leak into another Node version.
  return { ...process.env, NODE_OPTIONS: "", PATH: path, ...extra };
}

/** Runs a build command in the fixture; throws with its output when it fails. Returns the duration in ms. */
export function runFixtureBuild(appDir: string, command: string[], env: Record<string, string> = {}): number {
  const started = performance.now();
  const result = spawnSync(command[0], command.slice(1), { cwd: appDir, env: fixtureEnv(appDir, env), encoding: "utf8", timeout: 240_000 });
  if (result.status !== 0) throw new Error(`\`${command.join(" ")}\` failed in ${appDir} (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}${result.error ?? ""}`);
  return performance.now() - started;
}

/** A fixture server in its own process group (so its workers and relaunched children stop with it) and temp dir. */
export interface FixtureServer {
  url: string;
  kill(): Promise<void>;
  output(): string;
}

/** Starts `command` in the fixture and resolves once `probePath` answers below 500; rejects with its output otherwise. */
export async function startFixtureServer(options: {
  appDir: string;
  command: string[];
  port: number;
  env: Record<string, string>;
  probePath: string;
  timeoutMs: number;
}): Promise<FixtureServer> {
  // A temp dir of its own, removed once it is killed: SIGKILL leaves no chance to remove what it made there
  // (Nuxt's dev server socket, for one).
  const ownTmp = mkdtempSync(join(tmpdir(), "wf-fixture-"));
  const child: ChildProcess = spawn(options.command[0], options.command.slice(1), {
    cwd: options.appDir,
    env: fixtureEnv(options.appDir, { PORT: String(options.port), NITRO_PORT: String(options.port), HOST: "127.0.0.1", TMPDIR: ownTmp, ...options.env }),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://localhost:${options.port}`;
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
    await exited;
    rmSync(ownTmp, { recursive: true, force: true });
  };

  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      await kill();
      throw new Error(`\`${options.command.join(" ")}\` exited early (code ${child.exitCode}):\n${output}`);
    }
    const up = await fetch(`${url}${options.probePath}`, { signal: AbortSignal.timeout(10_000) }).then((response) => response.status < 500, () => false);
    if (up) break;
    if (Date.now() > deadline) {
      await kill();
      throw new Error(`\`${options.command.join(" ")}\` did not answer ${options.probePath} within ${options.timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, kill, output: () => output };
}
