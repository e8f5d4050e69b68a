import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { scanWorkflowFiles } from "./scan-workflow-files.ts";

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("scanWorkflowFiles", () => {
  it("lists source files with a directive, nested ones included, and skips the rest", async () => {
    dir = await mkdtemp(join(tmpdir(), "scan-"));
    await mkdir(join(dir, "steps"));
    await mkdir(join(dir, "node_modules", "dep"), { recursive: true });
    await writeFile(join(dir, "signup.ts"), `export async function f() { "use workflow"; }`);
    await writeFile(join(dir, "steps", "mail.mjs"), `export async function s() { 'use step'; }`);
    await writeFile(join(dir, "helpers.ts"), `export const x = 1;`);
    await writeFile(join(dir, "signup.test.ts"), `"use workflow"`);
    await writeFile(join(dir, "types.d.ts"), `"use step"`);
    await writeFile(join(dir, "notes.md"), `"use step"`);
    await writeFile(join(dir, "node_modules", "dep", "index.js"), `"use step"`);

    expect(await scanWorkflowFiles([dir, join(dir, "missing")])).toEqual([
      join(dir, "signup.ts"),
      join(dir, "steps", "mail.mjs"),
    ]);
  });
});
