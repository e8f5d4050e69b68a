import { describe, expect, test } from "vitest";
import { blankColdRegions } from "./blank-cold-regions.ts";
import { TransformError } from "./diagnostics.ts";
import { importNamesOf } from "./import-names.ts";
import { parseModuleQuickly } from "./parse.ts";
import { transform, type TransformMode } from "./transform.ts";

const run = (code: string, mode: TransformMode = "step") => transform(code, { id: "/app/src/orders.ts", mode, root: "/app" });

function errorOf(code: string, mode: TransformMode = "step"): TransformError {
  try {
    run(code, mode);
  } catch (error) {
    if (TransformError.is(error)) return error;
    throw error;
  }
  throw new Error("expected a TransformError");
}

describe("the quick parse", () => {
  const code = `export async function s() {\n  "use step";\n  if (1) { return { a: 1 }; }\n}\n`;

  test("is used with the installed oxc-parser, and keeps offsets", () => {
    const parsed = parseModuleQuickly(code, "/app/src/s.ts");
    expect(parsed.complete).toBe(false);
    expect(parsed.program.end).toBe(code.length);
  });

  test("falls back to the full parse for JSX", () => {
    expect(parseModuleQuickly(code, "/app/src/s.tsx").complete).toBe(true);
  });
});

describe("modules without directives", () => {
  test("are returned as undefined, also when a comment or a string mentions a directive", () => {
    expect(run(`export const a = 1;\n// "use step" is only mentioned here\n`)).toBeUndefined();
    expect(run(`export function f() { return "use step"; }\nexport const g = () => ({ note: "use workflow" });\n`)).toBeUndefined();
    expect(run(`export async function f() { const label = "use step"; return label; }\n`)).toBeUndefined();
  });
});

describe("directive functions among bodies the analysis skips", () => {
  test("a step inside a workflow is still found, with the workflow variables it reads", () => {
    const code = [
      `import { db } from "./db";`,
      `export async function plain(a: number) { if (a > 1) { return { a, b: [a, { c: a }] }; } return db.get(a); }`,
      `export async function wf(id: string) {`,
      `  "use workflow";`,
      `  const limit = { max: 3 };`,
      `  const load = async () => {`,
      `    "use step";`,
      `    return db.find({ id, limit: limit.max });`,
      `  };`,
      `  return load();`,
      `}`,
    ].join("\n");
    const result = run(code, "step")!;
    expect(result.stepIds).toEqual(["step//src/orders.ts//wf/load"]);
    expect(result.code).toContain(`__wf_registerStep("step//src/orders.ts//wf/load", async (id, limit) => {`);
  });

  test("a directive in a nested plain function is still reported", () => {
    const code = `export function outer() {\n  if (true) {\n    return async () => {\n      "use step";\n      return 1;\n    };\n  }\n}\n`;
    const error = errorOf(code);
    expect(error.code).toBe("ERR_WORKFLOW_NESTED_DIRECTIVE");
    expect(error.loc).toMatchObject({ line: 4, column: 6 });
  });

  test("`this` deep inside a step body is still reported", () => {
    const code = `export async function s() {\n  "use step";\n  if (1) { for (;;) { return { v: [this] }; } }\n}\n`;
    expect(errorOf(code).code).toBe("ERR_WORKFLOW_STEP_THIS");
  });

  test("a misplaced directive or a typo inside a nested block is still reported", () => {
    expect(errorOf(`export async function s() {\n  "use step";\n  if (1) { "use workflow"; }\n}\n`).code).toBe("ERR_WORKFLOW_DIRECTIVE_POSITION");
    expect(errorOf(`export async function s() {\n  "use step";\n  const f = async () => { "use stpe"; };\n}\n`).code).toBe("ERR_WORKFLOW_DIRECTIVE_TYPO");
  });

  test("strings, templates and regular expressions that contain braces leave the output as written", () => {
    const body = "  const re = /[{]}/g; const t = `${ { a: '}' }.a }{`; const s = \"{\"; return [re, t, s];";
    const code = `export async function s() {\n  "use step";\n${body}\n}\n`;
    expect(run(code, "step")!.code).toContain(body);
    expect(run(code, "client")!.code).toContain(body);
  });

  test("a syntax error inside a skipped body is reported as ERR_WORKFLOW_PARSE with its position", () => {
    const code = `export async function s() {\n  "use step";\n  if (1) { const = 5; }\n}\n`;
    const error = errorOf(code);
    expect(error.code).toBe("ERR_WORKFLOW_PARSE");
    expect(error.loc).toMatchObject({ file: "/app/src/orders.ts", line: 3, column: 17 });
  });

  test("imports read only in skipped step bodies are pruned in workflow mode, others kept", () => {
    const code = [
      `import { readFile } from "node:fs/promises";`,
      `import { format } from "./format";`,
      `export async function load(path: string) {`,
      `  "use step";`,
      `  if (path) { return format(await readFile(path, "utf8")); }`,
      `}`,
      `export async function wf(path: string) {`,
      `  "use workflow";`,
      `  if (path) { return format(await load(path)); }`,
      `}`,
    ].join("\n");
    const output = run(code, "workflow")!.code;
    expect(output).not.toContain("node:fs");
    expect(output).toContain(`import { format } from "./format";`);
  });

  test("an import the text scan cannot name (a quoted imported name) is still pruned like the full parse does", () => {
    const code = [
      `import { "read file" as readFile } from "./fs-helpers";`,
      `export async function load(path: string) {`,
      `  "use step";`,
      `  if (path) { return readFile(path); }`,
      `}`,
    ].join("\n");
    expect(importNamesOf(code).has("readFile")).toBe(false);
    expect(parseModuleQuickly(code, "/app/src/orders.ts").complete).toBe(true);
    expect(run(code, "workflow")!.code).not.toContain("fs-helpers");
  });

  test("a name used as a type in a skipped body keeps the body for the parser", () => {
    const code = `import { Order } from "./order";\nexport async function s() {\n  "use step";\n  if (1) { const o: Order = 1 as never; return o; }\n}\n`;
    expect(blankColdRegions(code, new Set(["Order"]))?.code).toContain("const o: Order");
    expect(blankColdRegions(code, new Set())?.code).not.toContain("const o: Order");
  });
});

describe("imported names in skipped bodies", () => {
  const imports = new Set(["get"]);
  const readsOf = (code: string) => blankColdRegions(code, imports)?.references.get("get") ?? [];
  const isKept = (code: string) => blankColdRegions(code, imports)?.code.includes("get") ?? true;

  test("a certain read is handed on with its offset and the region is blanked", () => {
    const code = `function f() { return await get(1); }`;
    expect(readsOf(code)).toEqual([code.indexOf("get")]);
    expect(isKept(code)).toBe(false);
  });

  test("a name that may be a property key, a declaration or a type keeps its region for the parser", () => {
    for (const body of ["const api = { get() {} };", "class A { get = 1 }", "const o = { get: 1 };", "const get = 1;", "let x: get;", "({ *get() {} });"]) {
      expect(isKept(`function f() { ${body} }`), body).toBe(true);
    }
  });

  test("a property name is neither a read nor a reason to keep the region", () => {
    expect(readsOf(`function f() { return api.get(1); }`)).toEqual([]);
    expect(isKept(`function f() { return api.get(1); }`)).toBe(false);
  });
});

describe("import names read from the text", () => {
  test("hold every local name of the usual import forms", () => {
    const code = [
      `import a, { b, c as d, type E } from "./m";`,
      `import * as ns from './n';`,
      `import type F from "./f";`,
      `import {`,
      `  g, // a comment`,
      `  h as i,`,
      `} from "./g";`,
      `import j = require("./j");`,
      `import "./side-effect";`,
      `const k = await import("./k");`,
    ].join("\n");
    const names = importNamesOf(code);
    for (const name of ["a", "b", "d", "E", "ns", "F", "g", "i", "j"]) expect(names.has(name), name).toBe(true);
    for (const word of ["type", "as", "k"]) expect(names.has(word), word).toBe(false);
  });
});
