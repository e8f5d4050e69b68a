import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer, isRunnableDevEnvironment, type ViteDevServer } from "vite";
import { afterEach, describe, expect, it } from "vitest";
import { createStepLoader } from "./create-step-loader.ts";

let server: ViteDevServer | undefined;
let root: string | undefined;

afterEach(async () => {
  await server?.close();
  if (root) await rm(root, { recursive: true, force: true });
  root = undefined;
});

/** Module code that records its own evaluation. */
const record = (name: string) => `(globalThis.stepLoaderTest ??= []).push(${JSON.stringify(name)});`;

const evaluations = () => ((globalThis as { stepLoaderTest?: string[] }).stepLoaderTest ??= []);

describe("createStepLoader", () => {
  it("re-evaluates an edited module and its importers on the next load, and nothing else", async () => {
    root = await mkdtemp(join(tmpdir(), "step-loader-"));
    await writeFile(join(root, "entry.ts"), `import { text } from "./dep.ts";\n${record("entry")}\nexport const value = text;`);
    await writeFile(join(root, "dep.ts"), `${record("dep v1")}\nexport const text = "v1";`);
    await writeFile(join(root, "other.ts"), `${record("other")}\nexport {};`);
    server = await createServer({ root, configFile: false, logLevel: "silent", server: { middlewareMode: true, watch: null } });
    const ssr = server.environments.ssr;
    if (!isRunnableDevEnvironment(ssr)) throw new Error("ssr is not runnable");
    const loader = createStepLoader(ssr.runner);
    const entry = join(root, "entry.ts");
    const other = join(root, "other.ts");

    await loader.load([entry, other]);
    await loader.load([entry, other]);
    expect(evaluations()).toEqual(["dep v1", "entry", "other"]);

    await writeFile(join(root, "dep.ts"), `${record("dep v2")}\nexport const text = "v2";`);
    // What Vite does on a file change before plugins hear of it: drop the cached transform.
    for (const mod of ssr.moduleGraph.getModulesByFile(join(root, "dep.ts")) ?? []) ssr.moduleGraph.invalidateModule(mod);
    expect(loader.invalidate(join(root, "dep.ts"))).toBe(true);
    expect(loader.invalidate(join(root, "never-loaded.ts"))).toBe(false);
    await loader.load([entry, other]);

    expect(evaluations()).toEqual(["dep v1", "entry", "other", "dep v2", "entry"]);
    expect((await ssr.runner.import(entry)).value).toBe("v2");
  });
});
