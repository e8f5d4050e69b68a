import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { rollup } from "rollup";
import { build as viteBuild } from "vite";
import webpack from "webpack";
import { afterAll, describe, expect, test } from "vitest";
import { workflow as esbuildWorkflow } from "../esbuild.ts";
import { workflow as rollupWorkflow } from "../rollup.ts";
import { workflow as viteWorkflow } from "../vite.ts";
import { workflow as webpackWorkflow } from "../webpack.ts";

const root = mkdtempSync(join(tmpdir(), "workflow-diagnostics-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, "src"));
const bad = join(root, "src/bad.js");
writeFileSync(bad, `export const x = 1;\n\nexport function notAsync() {\n  "use step";\n  return 1;\n}\n`);
writeFileSync(join(root, "src/main.js"), `import { notAsync } from "./bad.js";\nexport { notAsync };\n`);
const entry = join(root, "src/main.js");
const MESSAGE = 'Functions marked with "use step" must be async functions.';
/** The code frame points at `notAsync` on line 3, column 7 (0-based), as every bundler shows it. */
const FRAME = /> 3 \| export function notAsync\(\) \{\n\s+\|\s{8}\^/;

describe("a transform error carries file, line, column and a code frame", () => {
  test("Vite", async () => {
    const failure = await viteBuild({
      root,
      configFile: false,
      logLevel: "silent",
      plugins: [viteWorkflow({ devtools: false })],
      build: { ssr: entry, write: false },
    }).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    expect(message).toContain(`${bad}:3:7`);
    expect(message).toContain(MESSAGE);
    expect(message).toMatch(FRAME);
  });

  test("Rollup: loc and frame", async () => {
    const failure = await rollup({ input: entry, plugins: [rollupWorkflow({ root })], external: [/^vite-workflow/] }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ id: bad, loc: { file: bad, line: 3, column: 7 }, message: expect.stringContaining(MESSAGE) });
    expect((failure as { frame: string }).frame).toMatch(FRAME);
  });

  test("webpack: a module error with loc", async () => {
    const compiler = webpack({
      mode: "none",
      context: root,
      entry,
      target: "node",
      output: { path: join(root, "webpack-out") },
      externals: [/^vite-workflow/],
      plugins: [webpackWorkflow({ root })],
    });
    const stats = await new Promise<webpack.Stats>((resolve, reject) =>
      compiler.run((error, result) => (error ? reject(error) : compiler.close(() => resolve(result!)))),
    );
    const errors = stats.toJson({ all: false, errors: true }).errors ?? [];
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ moduleName: "./src/bad.js", loc: "3:7", message: expect.stringContaining(MESSAGE) });
    expect(errors[0].message).toMatch(FRAME);
  });

  test("esbuild: a message with the location of the directive, not of the import", async () => {
    const failure = (await esbuild
      .build({ entryPoints: [entry], absWorkingDir: root, bundle: true, write: false, logLevel: "silent", external: ["vite-workflow"], plugins: [esbuildWorkflow({ root })] })
      .catch((error: unknown) => error)) as esbuild.BuildFailure;
    expect(failure.errors).toHaveLength(1);
    expect(failure.errors[0].location).toMatchObject({ file: "src/bad.js", line: 3, column: 7 });
    expect(failure.errors[0].text).toContain(MESSAGE);
    expect(failure.errors[0].text).toMatch(FRAME);
  });
});
