import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildWorkflowBundle } from "../../../plugin/bundle/build-workflow-bundle.ts";
import { transform } from "../../../plugin/transform/transform.ts";
import { createFsWorld } from "../../world/fs/create-fs-world.ts";
import { createRuntime, type RuntimeOptions } from "../create-runtime.ts";
import { setRuntime } from "../default-runtime.ts";

export const FIXTURES_DIR = fileURLToPath(new URL(".", import.meta.url));
export const ROOT = join(FIXTURES_DIR, "../../..");

/** Builds a fixture's workflow bundle and loads its step-mode module (registering its steps on the host). */
export async function loadFixture(name: string) {
  const file = join(FIXTURES_DIR, name);
  const bundle = await buildWorkflowBundle({ root: ROOT, entries: [file] });
  const step = transform(readFileSync(file, "utf8"), { id: file, mode: "step", root: ROOT });
  if (!step) throw new Error(`fixture ${name} has no directives`);
  const dir = mkdtempSync(join(tmpdir(), "wf-steps-"));
  const stepFile = join(dir, basename(file));
  writeFileSync(stepFile, step.code);
  try {
    const module = (await import(/* @vite-ignore */ stepFile)) as Record<string, any>;
    return { bundle, module, stepFile };
  } finally {
    // Loaded once imported: the file is not read again, so no test run leaves it behind.
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A fresh fs world in a temp dir plus a runtime on it, installed as the default runtime. */
export async function createTestRuntime(bundle: { code: string; map?: unknown }, options: Partial<RuntimeOptions> & { dataDir?: string } = {}) {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "wf-engine-"));
  const world = options.world ?? (await createFsWorld({ dataDir }));
  const runtime = createRuntime({ world, workflowBundle: () => bundle, ...options });
  setRuntime(runtime);
  return {
    runtime,
    world,
    dataDir,
    async close() {
      await runtime.close();
      setRuntime(undefined);
      await world.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
