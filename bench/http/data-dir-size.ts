import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";

/** Walks `dir` (symlinks not followed): how many regular files it holds and their total size in bytes. */
export async function dataDirSize(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = await dataDirSize(path);
      files += inner.files;
      bytes += inner.bytes;
    } else if (entry.isFile()) {
      files += 1;
      bytes += (await lstat(path)).size;
    }
  }
  return { files, bytes };
}
