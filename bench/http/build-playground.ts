import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { killGroup } from "./playground-process.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SCRIPT = fileURLToPath(new URL("./build-playground.mjs", import.meta.url));
const BUILD_TIMEOUT_MS = 60_000;
const OUTPUT_LIMIT = 20_000;

/**
 * Builds the playground for production into `dir` (Nitro's output in `<dir>/output`, its build dir in
 * `<dir>/build`) in a child process group, bounded by 60 s. Resolves with the output dir and the build's
 * wall-clock ms; rejects with the build's output when it fails or times out.
 */
export async function buildPlayground(dir: string): Promise<{ outputDir: string; ms: number }> {
  if (!existsSync(join(ROOT, "dist/plugin/vite.js"))) {
    throw new Error("dist/ is missing: run `npm run build` first (`npm run bench` does it).");
  }
  const t0 = performance.now();
  const child = spawn(process.execPath, [SCRIPT, dir], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-OUTPUT_LIMIT));
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const onExit = () => killGroup(child, "SIGKILL");
  process.once("exit", onExit);
  let timedOut = false;
  const timer = setTimeout(() => ((timedOut = true), killGroup(child, "SIGKILL")), BUILD_TIMEOUT_MS);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", (exitCode) => resolve(exitCode));
    });
    const ms = performance.now() - t0;
    if (timedOut) throw new Error(`the playground build did not finish within ${BUILD_TIMEOUT_MS / 1000} s:\n${output}`);
    if (code !== 0) throw new Error(`the playground build failed (exit code ${code}):\n${output}`);
    return { outputDir: join(dir, "output"), ms };
  } finally {
    clearTimeout(timer);
    // Whatever the build left running in its group goes with it.
    killGroup(child, "SIGKILL");
    process.off("exit", onExit);
  }
}
