import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startServerProcess, type ServerProcess } from "./start-server-process.ts";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The secret the production servers of these specs sign deliveries with. */
export const TEST_SECRET = "e2e-production-secret-0123456789abcdef";

/** Ports of the built playground and of the built Nitro-only fixture. */
export const PRODUCTION_PORT = Number(process.env.E2E_PRODUCTION_PORT ?? 4339);
export const NITRO_ONLY_PORT = Number(process.env.E2E_NITRO_ONLY_PORT ?? 4349);

/** Runs a build command in `cwd`; throws with its output when it fails. Returns the duration in ms. */
export function runBuild(command: string[], cwd: string, env: Record<string, string> = {}): number {
  if (!existsSync(join(ROOT, "dist/plugin/nitro.js"))) {
    throw new Error("dist/ is missing: run `npm run build` first (npm run test:e2e does it).");
  }
  const started = performance.now();
  const result = spawnSync(process.execPath, command, { cwd, env: { ...process.env, ...env }, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`\`${command.join(" ")}\` failed:\n${result.stdout}\n${result.stderr}`);
  return performance.now() - started;
}

/** A built server (`node .output/server/index.mjs`) in a child process. */
export type ProductionServer = ServerProcess;

export interface StartProductionOptions {
  /** The app directory holding `.output/`. */
  appDir: string;
  port: number;
  dataDir: string;
  /** Extra environment; `WORKFLOW_SECRET` defaults to `TEST_SECRET` (pass `undefined` to leave it unset). */
  env?: Record<string, string | undefined>;
}

/** Starts a built server and resolves once it answers HTTP; rejects with its output if it exits first. */
export function startProductionServer(options: StartProductionOptions): Promise<ProductionServer> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: String(options.port),
    NITRO_PORT: String(options.port),
    WORKFLOW_EMBEDDED_DATA_DIR: options.dataDir,
    WORKFLOW_SECRET: TEST_SECRET,
    ...options.env,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return startServerProcess({
    name: "production server",
    args: [".output/server/index.mjs"],
    cwd: options.appDir,
    env: env as NodeJS.ProcessEnv,
    port: options.port,
    // Any answer will do: the webhook route answers 404 for an unknown token once the server is up.
    probePath: "/.well-known/workflow/v1/webhook/probe",
    isUp: () => true,
    timeoutMs: 30_000,
    pollMs: 50,
  });
}

/** Runs a built server expecting it to refuse to start; resolves with its exit code and output. */
export function startExpectingFailure(options: StartProductionOptions): { status: number | null; output: string } {
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: String(options.port),
    WORKFLOW_EMBEDDED_DATA_DIR: options.dataDir,
    ...options.env,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const result = spawnSync(process.execPath, [".output/server/index.mjs"], {
    cwd: options.appDir,
    env: env as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 15_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** One line of a run's event log, as the filesystem world stores it. */
export interface LoggedEvent {
  type: string;
  correlationId?: string;
  createdAt: number;
}

/** Reads a run's event log from the data dir (a torn last line, as a crash may leave, is skipped). */
export function readRunEvents(dataDir: string, runId: string): LoggedEvent[] {
  const file = join(dataDir, "runs", runId, "events.jsonl");
  if (!existsSync(file)) return [];
  const events: LoggedEvent[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      events.push(JSON.parse(line) as LoggedEvent);
    } catch {
      // The line a crash cut short; the world ignores it too.
    }
  }
  return events;
}

/**
 * Steps that broke the exactly-once-after-completion rule: completed more than once, or started again
 * after they completed. Empty when the log is sound.
 */
export function findRepeatedSteps(events: LoggedEvent[]): string[] {
  const completed = new Set<string>();
  const problems: string[] = [];
  for (const event of events) {
    const id = event.correlationId;
    if (!id || !id.startsWith("step_")) continue;
    if (event.type === "step_completed") {
      if (completed.has(id)) problems.push(`${id} completed twice`);
      completed.add(id);
    } else if (event.type === "step_started" && completed.has(id)) {
      problems.push(`${id} started after it completed`);
    }
  }
  return problems;
}
