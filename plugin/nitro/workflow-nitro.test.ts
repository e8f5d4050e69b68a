import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, createNitro } from "nitro/builder";
import { afterEach, describe, expect, test } from "vitest";
import { generateRuntimePlugin } from "./generate-runtime-plugin.ts";
import { resolveNitroOptions } from "./resolve-nitro-options.ts";
import { workflowNitro } from "./workflow-nitro.ts";

const cleanup: string[] = [];
afterEach(async () => {
  for (const dir of cleanup.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A throwaway Nitro app holding `files` (path → source). */
async function fixture(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "vite-workflow-nitro-"));
  cleanup.push(root);
  for (const [path, source] of Object.entries(files)) {
    await mkdir(join(root, path, ".."), { recursive: true });
    await writeFile(join(root, path), source);
  }
  return root;
}

/** Runs the module's setup against a bare production Nitro and returns what it registered. */
async function mount(deliveries: "signed" | "off") {
  const options = { dev: false, builder: "rolldown", rootDir: "/app", alias: {}, virtual: {}, plugins: [] as string[], handlers: [] as Array<{ route: string }> };
  await workflowNitro({ deliveries }).setup({ options: options as never, hooks: { hook: () => undefined } });
  return { routes: options.handlers.map((handler) => handler.route), plugins: options.plugins, alias: options.alias };
}

describe("workflowNitro", () => {
  test("a workflow importing a Node.js built-in fails the build with node-js-module-in-workflow and a code frame", async () => {
    const root = await fixture({
      "workflows/read-config.ts": [
        `import { readFile } from "node:fs/promises";`,
        ``,
        `export async function readConfig() {`,
        `  "use workflow";`,
        `  return readFile("config.json", "utf8");`,
        `}`,
        ``,
      ].join("\n"),
    });
    const nitro = await createNitro({ rootDir: root, builder: "rolldown", modules: [workflowNitro()], logLevel: 0 });
    try {
      const failure = await build(nitro).then(
        () => undefined,
        (error: unknown) => error as Error & { code?: string; loc?: { line: number; column: number }; frame?: string },
      );
      expect(failure?.code).toBe("ERR_WORKFLOW_NODE_JS_MODULE");
      expect(failure?.message).toContain('Cannot use Node.js module "node:fs/promises" in workflow functions. Move this module to a step function.');
      expect(failure?.message).toContain("read-config.ts:1:");
      expect(failure?.message).toContain(`> 1 | import { readFile } from "node:fs/promises";`);
      expect(failure?.loc?.line).toBe(1);
      expect(failure?.frame).toMatch(/\^/);
    } finally {
      await nitro.close();
    }
  });

  test("in development with Vite it adds nothing: the dev server runs workflows", async () => {
    const options = { dev: true, builder: "vite", rootDir: "/app", alias: {}, virtual: {}, plugins: [] as string[], handlers: [] as unknown[] };
    await workflowNitro().setup({ options: options as never, hooks: { hook: () => undefined } });
    expect(options.plugins).toEqual([]);
    expect(options.handlers).toEqual([]);
  });

  test("mounts the well-known routes, without flow and step when deliveries are off", async () => {
    const signed = await mount("signed");
    expect(signed.routes).toEqual(["/.well-known/workflow/v1/flow", "/.well-known/workflow/v1/step", "/.well-known/workflow/v1/webhook/:token"]);
    expect(signed.plugins).toEqual(["#vite-workflow/runtime-plugin"]);
    expect(signed.alias).toEqual({ workflow: "vite-workflow", "workflow/api": "vite-workflow/api" });
    expect((await mount("off")).routes).toEqual(["/.well-known/workflow/v1/webhook/:token"]);
  });
});

describe("resolveNitroOptions", () => {
  test("scans workflows/ under the root and the server dir by default", () => {
    expect(resolveNitroOptions({}, { rootDir: "/app", serverDir: "/app/server" })).toEqual({
      root: "/app",
      dirs: ["/app/workflows", "/app/server/workflows"],
      deliveries: "signed",
      compat: true,
    });
    expect(resolveNitroOptions({ dirs: ["src/flows"], deliveries: "off" }, { rootDir: "/app" }).dirs).toEqual(["/app/src/flows"]);
  });

  test("refuses an unknown deliveries mode", () => {
    expect(() => resolveNitroOptions({ deliveries: "open" as never }, { rootDir: "/app" })).toThrow(/"signed" or "off"/);
  });
});

describe("generateRuntimePlugin", () => {
  test("imports every module as a namespace, so their step registrations survive tree-shaking", () => {
    const code = generateRuntimePlugin({
      installer: "/pkg/install.js",
      modules: ["/app/workflows/a.ts", "/app/workflows/steps/b.ts"],
      bundle: { code: "(function(){})()", map: null },
      deliveries: "signed",
    });
    expect(code).toContain(`import * as workflowModule0 from "/app/workflows/a.ts";`);
    expect(code).toContain(`import * as workflowModule1 from "/app/workflows/steps/b.ts";`);
    expect(code).toContain("stepModules: [workflowModule0, workflowModule1]");
    expect(code).toContain(`code: "(function(){})()"`);
  });
});

describe("workflow() with Nitro's Vite plugin", () => {
  test("vite build fails on a Node.js built-in in a workflow, with the message and a code frame", async () => {
    const { build: viteBuild } = await import("vite");
    const { nitro } = await import("nitro/vite");
    const { workflow } = await import("../vite.ts");
    const root = await fixture({
      "index.html": "<!doctype html><title>x</title>",
      "workflows/spawn.ts": `import { spawn } from "child_process";\nexport async function run() {\n  "use workflow";\n  spawn("ls");\n}\n`,
    });
    const failure = await viteBuild({ root, configFile: false, logLevel: "silent", plugins: [nitro(), workflow()] }).then(
      () => undefined,
      (error: unknown) => error as Error & { code?: string },
    );
    expect(failure?.message).toContain('Cannot use Node.js module "child_process" in workflow functions.');
    expect(failure?.message).toContain(`> 1 | import { spawn } from "child_process";`);
  });
});
