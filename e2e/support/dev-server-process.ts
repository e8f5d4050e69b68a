import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A playground dev server in a child process, for specs that stop and restart it. */
export interface DevServerProcess {
  url: string;
  /** Kills the process (SIGKILL: no graceful shutdown, like a crash) and waits for it to exit. */
  kill(): Promise<void>;
  /** Everything the server printed, for failure messages. */
  output(): string;
}

/** Starts `vite playground` on `port` with `dataDir`, and resolves once `/api/health` answers. */
export async function startDevServer(port: number, dataDir: string): Promise<DevServerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["node_modules/vite/bin/vite.js", "playground", "--port", String(port), "--strictPort"],
    { cwd: ROOT, env: { ...process.env, WORKFLOW_EMBEDDED_DATA_DIR: dataDir }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://localhost:${port}`;

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The dev server exited early:\n${output}`);
    const healthy = await fetch(`${url}/api/health`).then((response) => response.ok, () => false);
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The dev server did not become healthy:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
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
