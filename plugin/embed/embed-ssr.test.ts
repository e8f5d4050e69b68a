import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { workflow } from "../vite.ts";

const run = promisify(execFile);
const PACKAGE_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const app = mkdtempSync(join(tmpdir(), "workflow-embed-ssr-"));
afterAll(() => rmSync(app, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(app, name)), { recursive: true });
    writeFileSync(join(app, name), text);
  }
}

// A server that only a workflow reaches the step file of, built like a framework's SSR build (no Nitro).
write({
  "package.json": JSON.stringify({ name: "embed-ssr-app", type: "module", private: true }),
  "workflows/greet.ts": `import { sleep } from "workflow";
import { shout } from "../lib/shout.ts";

export async function greet(name: string) {
  "use workflow";
  const loud = await shout(name);
  await sleep("10ms");
  return { greeting: "hello " + loud };
}
`,
  "lib/shout.ts": `export async function shout(name: string) {
  "use step";
  return name.toUpperCase();
}
`,
  "server.ts": `import { start } from "workflow/api";
import { greet } from "./workflows/greet.ts";

export async function greetLater(name: string) {
  const run = await start(greet, [name]);
  return { runId: run.runId, value: await run.returnValue };
}
`,
  "main.mjs": `import { greetLater } from "./dist/server.mjs";
import { closeWorkflowRuntime } from "vite-workflow/node";
console.log(JSON.stringify(await greetLater(process.argv[2])));
await closeWorkflowRuntime();
`,
});
mkdirSync(join(app, "node_modules"));
symlinkSync(PACKAGE_ROOT, join(app, "node_modules/vite-workflow"), "dir");

beforeAll(async () => {
  await build({
    root: app,
    configFile: false,
    logLevel: "silent",
    plugins: [workflow({ devtools: false, dirs: ["workflows", "lib"] })],
    // A linked package is bundled by default; installed from the registry it is external anyway.
    ssr: { external: ["vite-workflow"] },
    build: { ssr: "server.ts", outDir: "dist", minify: false, rollupOptions: { output: { entryFileNames: "server.mjs" } } },
  });
}, 120_000);

describe("embedding in a Vite SSR build without Nitro", () => {
  test("the server output carries the workflow bundle and every step module", () => {
    const server = readFileSync(join(app, "dist/server.mjs"), "utf8");
    expect(server).toContain("registerEmbeddedWorkflows");
    expect(server).toContain('"step//lib/shout.ts//shout"');
    expect(server).toContain("workflow//workflows/greet.ts//greet");
  });

  test("start() in the built server installs the runtime on first use and the run completes", async () => {
    const { stdout } = await run(process.execPath, ["main.mjs", "ada"], {
      cwd: app,
      env: { ...process.env, WORKFLOW_EMBEDDED_DATA_DIR: join(app, ".workflow-data"), WORKFLOW_TARGET_WORLD: "" },
      timeout: 60_000,
    });
    const result = JSON.parse(stdout.trim().split("\n").at(-1)!) as { runId: string; value: unknown };
    expect(result.runId).toMatch(/^wrun_/);
    expect(result.value).toEqual({ greeting: "hello ADA" });
  }, 90_000);
});
