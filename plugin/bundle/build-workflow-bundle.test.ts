import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { afterAll, describe, expect, test } from "vitest";
import { buildWorkflowBundle } from "./build-workflow-bundle.ts";

const root = mkdtempSync(join(tmpdir(), "workflow-bundle-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
}

write({
  "runtime-stub.ts": `export async function sleep(duration: string) { return globalThis.__calls.push("sleep:" + duration); }`,
  "steps.ts": `import { readFileSync } from "node:fs";
export async function readConfig(path: string) {
  "use step";
  return readFileSync(path, "utf8");
}
readConfig.maxRetries = 2;
`,
  "signup.ts": `import { sleep } from "workflow";
import { readConfig } from "./steps.ts";
import * as crypto from "node:crypto";

export async function signup(email: string) {
  "use workflow";
  const config = await readConfig(email);
  await sleep("1 day");
  return { email, config };
}

async function hash(value: string) {
  "use step";
  return crypto.createHash("sha256").update(value).digest("hex");
}
`,
  "bad.ts": `import { join } from "path";
export async function bad(name: string) {
  "use workflow";
  return join("a", name);
}
`,
  "indirect.ts": `import { helper } from "./helper.ts";
export async function indirect() {
  "use workflow";
  return helper();
}
`,
  "helper.ts": `import os from "os";
export function helper() { return os.hostname(); }
`,
});

const alias = { workflow: join(root, "runtime-stub.ts") };

describe("buildWorkflowBundle", () => {
  test("bundles workflows into one import-free IIFE that registers them by id", async () => {
    const bundle = await buildWorkflowBundle({ root, entries: ["signup.ts"], alias });
    expect(bundle.workflowIds).toEqual(["workflow//signup.ts//signup"]);
    expect(bundle.code).not.toMatch(/\bimport\b|\brequire\(/);
    expect(bundle.code).toContain('"step//steps.ts//readConfig"');
    expect(bundle.map).toContain("signup.ts");

    const registered = new Map<string, (...args: unknown[]) => Promise<unknown>>();
    const calls: string[] = [];
    const context = {
      __calls: calls,
      [Symbol.for("vite-workflow.registerWorkflow")]: (id: string, fn: never) => registered.set(id, fn),
      [Symbol.for("WORKFLOW_USE_STEP")]: (id: string) => async (...args: unknown[]) => {
        calls.push(`${id}(${args.join(",")})`);
        return "cfg";
      },
    };
    runInNewContext(bundle.code, context);
    const signup = registered.get("workflow//signup.ts//signup");
    expect(signup).toBeTypeOf("function");
    expect((signup as unknown as { workflowId: string }).workflowId).toBe("workflow//signup.ts//signup");
    await expect(signup!("a@b.c")).resolves.toEqual({ email: "a@b.c", config: "cfg" });
    expect(calls).toEqual(["step//steps.ts//readConfig(a@b.c)", "sleep:1 day"]);
  });

  test("maps the bundle back to the workflow files by absolute path", async () => {
    const bundle = await buildWorkflowBundle({ root, entries: ["signup.ts"], alias });
    const { sources } = JSON.parse(bundle.map as string) as { sources: string[] };
    expect(sources).toContain(join(root, "signup.ts"));
  });

  test("fails on a Node.js built-in imported by a workflow file", async () => {
    await expect(buildWorkflowBundle({ root, entries: ["bad.ts"], alias })).rejects.toMatchObject({
      code: "ERR_WORKFLOW_NODE_JS_MODULE",
      message: expect.stringContaining('Cannot use Node.js module "path" in workflow functions. Move this module to a step function.'),
      loc: { file: join(root, "bad.ts"), line: 1, column: 21 },
    });
  });

  test("fails on a Node.js built-in reached through a helper module", async () => {
    await expect(buildWorkflowBundle({ root, entries: ["indirect.ts"], alias })).rejects.toMatchObject({
      code: "ERR_WORKFLOW_NODE_JS_MODULE",
      message: expect.stringContaining('Cannot use Node.js module "os"'),
      loc: { file: join(root, "helper.ts"), line: 1 },
    });
  });
});
