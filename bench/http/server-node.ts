import { spawnSync } from "node:child_process";

/** A Node binary for the bench's servers, with the version it reports. */
export interface ServerNode {
  path: string;
  version: string;
}

/**
 * The Node that runs the HTTP targets' servers: `$BENCH_SERVER_NODE` (a path to a `node` binary), else the
 * bench's own. Lets the same build be measured on another Node major without switching the whole toolchain.
 * Throws when the binary does not run.
 * @example resolveServerNode({ BENCH_SERVER_NODE: "/opt/node24/bin/node" }).version; // "v24.21.0"
 */
export function resolveServerNode(env: Record<string, string | undefined> = process.env): ServerNode {
  const path = env.BENCH_SERVER_NODE || process.execPath;
  const result = spawnSync(path, ["--version"], { encoding: "utf8", timeout: 10_000 });
  const version = result.status === 0 ? result.stdout.trim() : "";
  if (!/^v\d+\.\d+\.\d+/.test(version)) {
    const why = result.error?.message ?? (result.status === 0 ? `it answered --version with "${result.stdout.trim()}"` : result.stderr.trim() || `exit code ${result.status}`);
    throw new Error(`BENCH_SERVER_NODE="${path}" is not a runnable node binary (${why}): give the path of a node executable, or unset it to use the bench's own Node.`);
  }
  return { path, version };
}

let resolved: ServerNode | undefined;

/** `resolveServerNode()` for this process, resolved once. */
export function serverNode(): ServerNode {
  return (resolved ??= resolveServerNode());
}
