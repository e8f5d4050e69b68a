import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseSync } from "oxc-parser";
import { describe, expect, test } from "vitest";
import { parseRaw } from "./raw-parse.ts";

const OPTIONS = { lang: "ts", sourceType: "module", astType: "js", preserveParens: false } as const;
const FIXTURES = fileURLToPath(new URL("./__fixtures__", import.meta.url));
const REPO = fileURLToPath(new URL("../..", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "__fixtures__" || entry.name === "node_modules" ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

const SAMPLES: Record<string, string> = {
  "literals oxc fixes up after JSON": "export const r = /a[b]c/gu; export const n = 10n ** 3n; export const bad = /(?<x>a)\\k<x>/v;\n",
  shebang: "#!/usr/bin/env node\nexport async function f() { 'use step'; return 1; }\n",
  "non-ASCII text": "export const greeting = `héllo ${'wörld'} ✓`; // ünïcode\nexport async function ß() { \"use step\"; return '😀'; }\n",
  "a syntax error": "export async function f() { const = 1; }\n",
};

/**
 * Drops `end` from identifiers and rest elements: for a binding with a type annotation (`x: T`, `...a: T[]`)
 * the JSON route ends the node after the annotation and raw transfer after the name. The transform reads
 * neither (the annotation is not in the JS-shaped AST it works on).
 */
function withoutBindingEnds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutBindingEnds);
  if (node === null || typeof node !== "object" || node instanceof RegExp) return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) copy[key] = withoutBindingEnds(value);
  if (copy.type === "Identifier" || copy.type === "RestElement") delete copy.end;
  return copy;
}

describe("raw transfer", () => {
  test("is available with the installed oxc-parser", () => {
    expect(parseRaw("/app/a.ts", "export {};\n", OPTIONS)).toBeDefined();
  });

  test("a result still builds its own program after another parse reused the buffer", () => {
    const first = parseRaw("/app/a.ts", "export const a = 1;\n", OPTIONS)!;
    const second = parseRaw("/app/b.ts", "export const b = [2, 3];\n", OPTIONS)!;
    expect(first.program()).toEqual(parseSync("/app/a.ts", "export const a = 1;\n", OPTIONS).program);
    expect(second.program()).toEqual(parseSync("/app/b.ts", "export const b = [2, 3];\n", OPTIONS).program);
  });

  test("builds the same program and errors as oxc-parser's JSON route, for every fixture and project source", () => {
    const sources = Object.entries(SAMPLES);
    for (const name of readdirSync(FIXTURES)) sources.push([name, readFileSync(join(FIXTURES, name, "input.ts"), "utf8")]);
    for (const file of [...sourceFiles(join(REPO, "runtime")), ...sourceFiles(join(REPO, "plugin"))]) sources.push([file, readFileSync(file, "utf8")]);
    expect(sources.length).toBeGreaterThan(200);
    for (const [name, code] of sources) {
      const raw = parseRaw("/app/input.ts", code, OPTIONS)!;
      const json = parseSync("/app/input.ts", code, OPTIONS);
      expect(withoutBindingEnds(raw.program()), name).toEqual(withoutBindingEnds(json.program));
      expect(raw.errors.map((error) => [error.message, error.labels[0]?.start]), name).toEqual(json.errors.map((error) => [error.message, error.labels[0]?.start]));
    }
  }, 60_000);
});
