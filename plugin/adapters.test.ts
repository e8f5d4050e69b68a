import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { rollup } from "rollup";
import { build as viteBuild, type Rollup } from "vite";
import webpack from "webpack";
import { afterAll, describe, expect, test } from "vitest";
import { workflow as esbuildWorkflow } from "./esbuild.ts";
import { workflow as rollupWorkflow } from "./rollup.ts";
import { workflow as viteWorkflow } from "./vite.ts";
import { workflow as webpackWorkflow } from "./webpack.ts";

const root = mkdtempSync(join(tmpdir(), "workflow-adapters-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, "src"));
writeFileSync(
  join(root, "src/flow.js"),
  `export async function createUser(email) {
  "use step";
  return { id: email.length, email };
}

export async function signup(email) {
  "use workflow";
  const user = await createUser(email);
  return { userId: user.id };
}
`,
);
writeFileSync(join(root, "src/plain.js"), `export const plain = "no directives here";\n`);
writeFileSync(
  join(root, "src/main.js"),
  `import { signup, createUser } from "./flow.js";\nimport { plain } from "./plain.js";\nexport { signup, createUser, plain };\n`,
);
const entry = join(root, "src/main.js");
const EXTERNAL = ["vite-workflow/internal"];
const STEP_ID = '"step//src/flow.js//createUser"';
const WORKFLOW_ID = '"workflow//src/flow.js//signup"';

function expectStepMode(code: string): void {
  expect(code).toContain(STEP_ID);
  expect(code).toContain(WORKFLOW_ID);
  expect(code).toContain("vite-workflow/internal");
  expect(code).not.toContain('"use step"');
  expect(code).toContain("no directives here");
}

function chunkCode(output: Rollup.RollupOutput | Rollup.RollupOutput[] | unknown): string {
  const outputs = (Array.isArray(output) ? output : [output]) as Rollup.RollupOutput[];
  return outputs.flatMap((item) => item.output).map((chunk) => ("code" in chunk ? chunk.code : "")).join("\n");
}

describe("bundler adapters", () => {
  test("Vite SSR build gets step mode", async () => {
    const output = await viteBuild({
      root,
      configFile: false,
      logLevel: "silent",
      plugins: [viteWorkflow()],
      build: { ssr: entry, write: false, minify: false, rollupOptions: { external: EXTERNAL } },
    });
    expectStepMode(chunkCode(output));
  });

  test("Vite client library build gets client mode", async () => {
    const output = await viteBuild({
      root,
      configFile: false,
      logLevel: "silent",
      plugins: [viteWorkflow()],
      build: { lib: { entry, formats: ["es"], fileName: "main" }, write: false, minify: false },
    });
    const code = chunkCode(output);
    expect(code).toContain(WORKFLOW_ID);
    expect(code).toContain("cannot be called directly");
    expect(code).not.toContain("vite-workflow/internal");
  });

  test("Rollup", async () => {
    const bundle = await rollup({ input: entry, plugins: [rollupWorkflow({ root })], external: EXTERNAL });
    const { output } = await bundle.generate({ format: "es" });
    expectStepMode(output[0].code);
  });

  test("webpack", async () => {
    const outDir = join(root, "webpack-out");
    const compiler = webpack({
      mode: "none",
      context: root,
      entry,
      target: "node",
      devtool: false,
      output: { path: outDir, filename: "main.js" },
      externals: { "vite-workflow/internal": "commonjs vite-workflow/internal" },
      plugins: [webpackWorkflow({ root })],
    });
    await new Promise<void>((resolve, reject) =>
      compiler.run((error, stats) => {
        if (error || stats?.hasErrors()) reject(error ?? new Error(stats?.toString("errors-only")));
        else compiler.close(() => resolve());
      }),
    );
    expectStepMode(readFileSync(join(outDir, "main.js"), "utf8"));
  });

  test("esbuild", async () => {
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: "esm",
      platform: "node",
      external: EXTERNAL,
      plugins: [esbuildWorkflow({ root })],
    });
    expectStepMode(result.outputFiles[0].text);
  });
});
