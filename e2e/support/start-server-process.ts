import { type ChildProcess, spawn } from "node:child_process";

/** A server in a child process, for specs that kill it (like a crash) and start it again. */
export interface ServerProcess {
  /** `http://localhost:<port>`. */
  url: string;
  /** Kills the process with SIGKILL (a crash, no graceful shutdown) and waits for it to exit. */
  kill(): Promise<void>;
  /** Everything the server printed, for failure messages. */
  output(): string;
}

/** Options of `startServerProcess`. */
export interface StartServerProcessOptions {
  /** What the server is, for error messages, e.g. "dev server". */
  name: string;
  /** Arguments of `node`: the script and its flags. */
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  port: number;
  /** Path polled until it answers; the server is up once `isUp(response)` holds. */
  probePath: string;
  /** Whether a probe's response means the server is up. Default: `response.ok`. */
  isUp?: (response: Response) => boolean;
  /** How long the server may take to come up. */
  timeoutMs: number;
  /** Pause between probes. Default: 100 ms. */
  pollMs?: number;
}

/**
 * Spawns `node <args>` and resolves once `probePath` answers; rejects with the server's output when it exits
 * first or does not come up within `timeoutMs` (then it is killed).
 */
export async function startServerProcess(options: StartServerProcessOptions): Promise<ServerProcess> {
  const isUp = options.isUp ?? ((response: Response) => response.ok);
  const child: ChildProcess = spawn(process.execPath, options.args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://localhost:${options.port}`;

  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The ${options.name} exited early (code ${child.exitCode}):\n${output}`);
    const up = await fetch(`${url}${options.probePath}`).then(isUp, () => false);
    if (up) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The ${options.name} did not answer ${options.probePath} within ${options.timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 100));
  }
  return {
    url,
    async kill() {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    },
    output: () => output,
  };
}
