import fs from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { datasync } from "./datasync.ts";

const dir = mkdtempSync(join(tmpdir(), "wf-datasync-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
/** A file with a line written to it, open for appending. */
function writtenFile(): number {
  const fd = fs.openSync(join(dir, `f${++files}`), "a");
  fs.writeSync(fd, "line\n");
  return fd;
}

/** A descriptor that is closed already: its fdatasync fails with EBADF. */
function closedFile(): number {
  const fd = writtenFile();
  fs.closeSync(fd);
  return fd;
}

describe("datasync", () => {
  it("resolves for one file synced alone", async () => {
    const fd = writtenFile();
    await expect(datasync(fd)).resolves.toBeUndefined();
    fs.closeSync(fd);
  });

  it("resolves every caller of a group of files written together", async () => {
    const fds = Array.from({ length: 8 }, writtenFile);
    await expect(Promise.all(fds.map(datasync))).resolves.toHaveLength(8);
    for (const fd of fds) fs.closeSync(fd);
  });

  it("resolves every caller waiting on the same file", async () => {
    const fd = writtenFile();
    await expect(Promise.all([datasync(fd), datasync(fd)])).resolves.toEqual([undefined, undefined]);
    fs.closeSync(fd);
  });

  it("rejects the caller of a file synced alone with its error", async () => {
    await expect(datasync(closedFile())).rejects.toMatchObject({ code: "EBADF" });
  });

  it("rejects only the callers of the file whose fdatasync failed in a group", async () => {
    const good = writtenFile();
    const results = await Promise.allSettled([datasync(good), datasync(closedFile())]);
    expect(results[0].status).toBe("fulfilled");
    expect(results[1]).toMatchObject({ status: "rejected", reason: { code: "EBADF" } });
    fs.closeSync(good);
  });

  it("syncs files written after a group was flushed in a later group", async () => {
    const first = writtenFile();
    const second = writtenFile();
    await expect(datasync(first).then(() => datasync(second))).resolves.toBeUndefined();
    fs.closeSync(first);
    fs.closeSync(second);
  });
});
