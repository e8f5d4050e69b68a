import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { build } from "esbuild";
import { buildWorkflowBundle } from "../../../plugin/bundle/build-workflow-bundle.ts";
import { transform } from "../../../plugin/transform/transform.ts";
import { FIXTURES_DIR, ROOT } from "./harness.ts";

/** The files a worker process of a crash or multi-process test runs from. */
export interface FixtureWorker {
  /** The fixture's workflow bundle (JSON of `buildWorkflowBundle`), for `WF_BUNDLE_FILE`. */
  bundleFile: string;
  /** One ESM script: the fixture's steps (compiled in step mode) plus the worker's entry. */
  workerFile: string;
}

/**
 * Builds what tests that run the engine in child processes need: the fixture's workflow bundle, and a
 * single Node script holding the fixture's steps and `worker` (both file names in `__fixtures__/`), in `dir`.
 * @example const { bundleFile, workerFile } = await buildFixtureWorker({ fixture: "crash.ts", worker: "crash-worker.ts", dir });
 */
export async function buildFixtureWorker(options: { fixture: string; worker: string; dir: string }): Promise<FixtureWorker> {
  const fixture = join(FIXTURES_DIR, options.fixture);
  const bundleFile = join(options.dir, "bundle.json");
  const workerFile = join(options.dir, "worker.mjs");
  writeFileSync(bundleFile, JSON.stringify(await buildWorkflowBundle({ root: ROOT, entries: [fixture] })));
  const stepFile = join(options.dir, `${basename(options.fixture, ".ts")}.step.ts`);
  writeFileSync(stepFile, transform(readFileSync(fixture, "utf8"), { id: fixture, mode: "step", root: ROOT })!.code);
  await build({
    stdin: { contents: `import ${JSON.stringify(stepFile)};\nimport ${JSON.stringify(join(FIXTURES_DIR, options.worker))};`, resolveDir: ROOT, loader: "ts" },
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: workerFile,
    logLevel: "error",
    alias: { "vite-workflow/internal": join(ROOT, "runtime/internal.ts"), workflow: join(ROOT, "runtime/public/index.ts") },
    // The steps may use require (CommonJS dependencies) from the ESM output.
    banner: { js: "import { createRequire as __wfRequire } from 'node:module'; const require = __wfRequire(import.meta.url);" },
  });
  return { bundleFile, workerFile };
}
