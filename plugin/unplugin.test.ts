import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "vite";
import { afterAll, describe, expect, test } from "vitest";
import { workflowTransform } from "./unplugin.ts";
import { workflow } from "./vite.ts";

const root = mkdtempSync(join(tmpdir(), "workflow-unplugin-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Filter = { id: { include: RegExp; exclude: RegExp[] }; code: { include: RegExp } };

function transformFilter(): Filter {
  const plugin = workflowTransform.raw(undefined, { framework: "rollup" } as Parameters<typeof workflowTransform.raw>[1]) as { transform: { filter: Filter } };
  return plugin.transform.filter;
}

const matchesId = (filter: Filter, id: string) => filter.id.include.test(id) && !filter.id.exclude.some((re) => re.test(id));

describe("workflow:transform hook filters", () => {
  test("only script modules outside node_modules are considered", () => {
    const filter = transformFilter();
    for (const id of ["/a/b.ts", "/a/b.tsx", "/a/b.mts", "/a/b.cjs", "/a/b.jsx", "/a/b.js?v=1"]) expect(matchesId(filter, id), id).toBe(true);
    for (const id of ["/a/b.css", "/a/b.vue", "/a/node_modules/x/index.js", "\0virtual.ts"]) expect(matchesId(filter, id), id).toBe(false);
    expect(matchesId(filter, "/a/node_modules/vite-workflow/runtime/public/fetch.ts")).toBe(true);
  });

  test("files without a directive never reach the parser", () => {
    const { code } = transformFilter();
    expect(code.include.test(`"use strict";\nexport const a = 1;`)).toBe(false);
    expect(code.include.test(`export const useStep = 1; // use step`)).toBe(false);
    expect(code.include.test(`async function f() { "use step"; }`)).toBe(true);
    expect(code.include.test(`async function f() { 'use workflow' }`)).toBe(true);
    expect(code.include.test(`async function f() { "use stepp" }`)).toBe(true);
  });

  test("the Vite plugin is an array of workflow:<part> sub-plugins", () => {
    const names = workflow().map((plugin) => plugin.name);
    expect(names[0]).toBe("workflow:transform");
    for (const name of names) expect(name).toMatch(/^workflow:[a-z-]+$/);
  });

  test("a diagnostic fails a Vite build with its code, file, line and column", async () => {
    const file = join(root, "typo.ts");
    writeFileSync(file, `export async function f() {\n  "use stepp";\n  return 1;\n}\n`);
    const failure = await build({
      root,
      configFile: false,
      logLevel: "silent",
      plugins: [workflow()],
      build: { ssr: file, write: false },
    }).then(
      () => undefined,
      (error: unknown) => error as Error & { errors?: unknown[] },
    );
    const inner = (failure?.errors?.[0] ?? failure) as { message: string; loc?: unknown; frame?: string; pluginCode?: string };
    expect(inner.message).toContain('Did you mean "use step"?');
    expect(inner.pluginCode ?? (inner as { code?: string }).code).toBe("ERR_WORKFLOW_DIRECTIVE_TYPO");
    expect(inner.loc).toMatchObject({ file, line: 2, column: 2 });
    expect(inner.frame).toContain('"use stepp"');
  });
});

const environment = (sourcemap: boolean) => ({ environment: { config: { consumer: "server", build: { sourcemap } } } });

describe("workflow:transform source maps", () => {
  type Handler = (this: unknown, code: string, id: string) => { code: string; map: unknown } | undefined;
  const vitePlugin = (command: "build" | "serve") => {
    const plugin = workflowTransform.raw(undefined, { framework: "vite" } as Parameters<typeof workflowTransform.raw>[1]) as {
      transform: { handler: Handler };
      vite: { configResolved: (config: unknown) => void };
    };
    plugin.vite.configResolved({ command, root });
    return plugin.transform.handler;
  };
  const code = `export async function s() {\n  "use step";\n  return 1;\n}\n`;

  test("a Vite build without build.sourcemap gets no map, one with it gets a map", () => {
    expect(vitePlugin("build").call(environment(false), code, join(root, "s.ts"))?.map).toBeNull();
    const map = vitePlugin("build").call(environment(true), code, join(root, "s.ts"))?.map as { mappings: string };
    expect(map.mappings.length).toBeGreaterThan(0);
  });

  test("the Vite dev server always gets a map", () => {
    expect(vitePlugin("serve").call(environment(false), code, join(root, "s.ts"))?.map).not.toBeNull();
  });
});
