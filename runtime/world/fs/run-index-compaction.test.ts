import fs, { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { replaceIndexFile, tryLockCompaction } from "./run-index-compaction.ts";

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "wf-run-index-compaction-"));
  path = join(dir, "run-index.jsonl");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test("lines appended to the old file after it was read follow the new content; a writer's open file is left behind", async () => {
  writeFileSync(path, '\n{"n":1}\n\n{"n":1}\n');
  const read = statSync(path);
  const writer = fs.openSync(path, "a");
  fs.writeSync(writer, '\n{"n":2}\n');
  const replaced = await replaceIndexFile({ path, content: '{"n":1}\n', readIno: read.ino, tailFrom: read.size });
  expect(replaced).toEqual({ ino: statSync(path).ino, size: 8 });
  expect(replaced!.ino).not.toBe(read.ino);
  expect(readFileSync(path, "utf8").split("\n").filter(Boolean)).toEqual(['{"n":1}', '{"n":2}']);
  // The writer's descriptor still points at the old file: it must notice by the inode and write again.
  expect(fs.fstatSync(writer).ino).toBe(read.ino);
  fs.closeSync(writer);
  expect(fs.readdirSync(dir)).toEqual(["run-index.jsonl"]);
});

test("a file replaced since it was read is left alone", async () => {
  writeFileSync(path, '{"n":1}\n');
  const read = statSync(path);
  writeFileSync(`${path}.other`, '{"n":9}\n');
  fs.renameSync(`${path}.other`, path);
  expect(await replaceIndexFile({ path, content: "", readIno: read.ino, tailFrom: read.size })).toBeUndefined();
  expect(readFileSync(path, "utf8")).toBe('{"n":9}\n');
});

test("one compaction at a time; a lock left by a process that is gone is cleared", () => {
  const release = tryLockCompaction(path);
  expect(release).toBeTypeOf("function");
  expect(tryLockCompaction(path)).toBeUndefined();
  release!();
  writeFileSync(`${path}.compacting`, "2147483646\n");
  expect(tryLockCompaction(path)).toBeUndefined();
  const again = tryLockCompaction(path);
  expect(again).toBeTypeOf("function");
  again!();
});
