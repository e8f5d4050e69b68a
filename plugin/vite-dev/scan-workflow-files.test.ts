import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { rescanWorkflowFile, scanWorkflowFiles } from "./scan-workflow-files.ts";

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

  it("adds an edited file that got a directive, drops one that lost it or is gone, and keeps skipping tests", async () => {
    dir = await mkdtemp(join(tmpdir(), "scan-"));
    const [a, b, spec] = ["a.ts", "b.ts", "b.test.ts"].map((name) => join(dir!, name));
    await writeFile(b, `export async function f() { "use workflow"; }`);
    await writeFile(a, `export async function s() { "use step"; }`);
    expect(await rescanWorkflowFile([b], a)).toEqual([a, b]);
    await writeFile(a, `export const x = 1;`);
    expect(await rescanWorkflowFile([a, b], a)).toEqual([b]);
    expect(await rescanWorkflowFile([a, b], join(dir, "gone.ts"))).toEqual([a, b]);
    await rm(b);
    expect(await rescanWorkflowFile([a, b], b)).toEqual([a]);
    await writeFile(spec, `"use workflow"`);
    expect(await rescanWorkflowFile([a], spec)).toEqual([a]);
  });
});
