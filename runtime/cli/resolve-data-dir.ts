import { statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { CliUserError } from "./cli-io.ts";

/** Name of the embedded world's directory, looked for in the working directory and its parents. */
export const DATA_DIR_NAME = ".workflow-data";

const isDirectory = (path: string) => statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;

/**
 * The data directory to read: `--data-dir`, else `$WORKFLOW_EMBEDDED_DATA_DIR`, else `.workflow-data` in
 * `cwd` or the nearest parent that has one. Throws `CliUserError` when there is none, or when the directory
 * is not a workflow data directory (opening it would create the world's folders in an unrelated place).
 */
export function resolveDataDir(options: { flag?: string; env: Record<string, string | undefined>; cwd: string }): string {
  const explicit = options.flag ?? (options.env.WORKFLOW_EMBEDDED_DATA_DIR || undefined);
  if (explicit !== undefined) {
    const dir = resolve(options.cwd, explicit);
    if (!isDirectory(dir)) throw missing(dir);
    if (!isDirectory(join(dir, "runs"))) {
      throw new CliUserError(`${dir} is not a workflow data directory (it has no runs/ folder). Pass the directory your app writes to with --data-dir.`);
    }
    return dir;
  }
  const start = resolve(options.cwd);
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, DATA_DIR_NAME);
    if (isDirectory(join(candidate, "runs"))) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw missing(join(start, DATA_DIR_NAME), " (nor in any parent directory)");
}

function missing(dir: string, where = ""): CliUserError {
  return new CliUserError(`No workflow data directory found at ${dir}${where}. Start a run first, or pass --data-dir.`);
}
