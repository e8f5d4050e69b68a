import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

const SOURCE_FILE_RE = /\.(?:[cm]?[jt]sx?)$/;
const SKIPPED_FILE_RE = /\.d\.[cm]?ts$|\.(?:test|spec)\.[cm]?[jt]sx?$/;
const DIRECTIVE_RE = /["']use (?:workflow|step)["']/;

/**
 * Lists the source files under `dirs` that contain a `"use workflow"` or `"use step"` directive,
 * sorted, as absolute paths. Missing directories are skipped; `node_modules` is never entered.
 * @example await scanWorkflowFiles(["/app/workflows"]) // ["/app/workflows/user-signup.ts"]
 */
export async function scanWorkflowFiles(dirs: string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const dir of dirs) {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isFile() || !SOURCE_FILE_RE.test(entry.name) || SKIPPED_FILE_RE.test(entry.name)) continue;
      const file = join(entry.parentPath, entry.name);
      if (file.includes("/node_modules/")) continue;
      if (DIRECTIVE_RE.test(await readFile(file, "utf8"))) found.add(file);
    }
  }
  return [...found].toSorted();
}

/**
 * `files` (a scan's result) after an edit of `file`: with it when it now has a directive, without it when it
 * no longer has one or is gone. An editor saving a new file creates it empty and writes it afterwards, so the
 * scan made when it appeared may not have listed it.
 */
export async function rescanWorkflowFile(files: string[], file: string): Promise<string[]> {
  const others = files.filter((known) => known !== file);
  if (!SOURCE_FILE_RE.test(file) || SKIPPED_FILE_RE.test(file) || file.includes("/node_modules/")) return others;
  const content = await readFile(file, "utf8").catch(() => "");
  return DIRECTIVE_RE.test(content) ? [...others, file].toSorted() : others;
}
