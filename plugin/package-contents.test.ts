import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const MAPPING_URL_RE = /^\/\/# sourceMappingURL=(\S+)\s*$/m;
/** A bare specifier in a declaration file's `import … from` / `export … from` (not in comments). */
const IMPORT_RE = /^(?:import|export)\b[^;]*?\bfrom "([^".][^"]*)"/gm;

interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

interface SourceMapFile {
  sources: Array<string | null>;
  sourceRoot?: string;
  sourcesContent?: Array<string | null>;
}

const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as PackageJson;
let packed: Set<string>;

beforeAll(() => {
  // The tarball is made of the build output: build it when a fresh checkout has none.
  if (!existsSync(join(ROOT, "dist/plugin/vite.js"))) {
    execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], { cwd: ROOT });
  }
  const output = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8" });
  const [pack] = JSON.parse(output) as Array<{ files: Array<{ path: string }> }>;
  packed = new Set(pack!.files.map((file) => file.path));
}, 120_000);

describe("the published package", () => {
  it("ships the entry points and leaves out the benchmarks", () => {
    expect(packed).toContain("dist/plugin/vite.js");
    expect(packed).toContain("dist/plugin/vite-dev/nitro-recording-runtime.js");
    expect(packed).toContain("types/workflow.d.ts");
    expect([...packed].filter((path) => path.startsWith("dist/bench/"))).toEqual([]);
  });

  it("has no source map pointing at a file the tarball lacks", () => {
    const missing: string[] = [];
    for (const path of packed) {
      if (path.endsWith(".js")) {
        const url = MAPPING_URL_RE.exec(readFileSync(join(ROOT, path), "utf8"))?.[1];
        if (url && !url.startsWith("data:") && !packed.has(posix.join(posix.dirname(path), url))) missing.push(`${path} → ${url}`);
      }
      if (!path.endsWith(".map")) continue;
      const map = JSON.parse(readFileSync(join(ROOT, path), "utf8")) as SourceMapFile;
      map.sources.forEach((source, index) => {
        if (source === null || typeof map.sourcesContent?.[index] === "string") return;
        const target = posix.normalize(posix.join(posix.dirname(path), map.sourceRoot ?? "", source));
        if (!packed.has(target)) missing.push(`${path} → ${source}`);
      });
    }
    expect(missing).toEqual([]);
  });

  it("takes Vite, Rolldown and Nitro from the app instead of installing its own", () => {
    const dependencies = Object.keys(manifest.dependencies ?? {});
    expect(dependencies).not.toContain("vite");
    expect(dependencies).not.toContain("rolldown");
    expect(dependencies).not.toContain("nitro");
    expect(manifest.peerDependencies?.vite).toMatch(/^\^8\./);
    expect(manifest.peerDependencies?.nitro).toMatch(/^\^3\./);
    expect(manifest.peerDependenciesMeta?.nitro?.optional).toBe(true);
    expect(manifest.peerDependenciesMeta?.vite?.optional).not.toBe(true);
    // This repository still builds and tests against Vite.
    expect(manifest.devDependencies?.vite).toBeDefined();
  });

  it("ships the type packages its declarations import", () => {
    const declarations = [...packed].filter((path) => path.endsWith(".d.ts"));
    const imported = new Set<string>();
    for (const path of declarations) {
      for (const [, specifier] of readFileSync(join(ROOT, path), "utf8").matchAll(IMPORT_RE)) {
        imported.add(specifier!.startsWith("@") ? specifier!.split("/").slice(0, 2).join("/") : specifier!.split("/")[0]!);
      }
    }
    const resolvable = new Set([
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}),
      "vite-workflow",
    ]);
    const typesOnly = [...imported].filter((name) => !name.startsWith("node:") && !resolvable.has(name) && !resolvable.has(`@types/${name}`));
    expect(typesOnly).toEqual([]);
  });
});
