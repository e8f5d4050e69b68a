import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseSync } from "oxc-parser";
import { describe, expect, test } from "vitest";
import { parseRaw } from "./raw-parse.ts";

const OPTIONS = { lang: "ts", sourceType: "module", astType: "js", preserveParens: false } as const;
const FIXTURES = fileURLToPath(new URL("./__fixtures__", import.meta.url));

const SAMPLES: Record<string, string> = {
  "literals oxc fixes up after JSON": "export const r = /a[b]c/gu; export const n = 10n ** 3n; export const bad = /(?<x>a)\\k<x>/v;\n",
  shebang: "#!/usr/bin/env node\nexport async function f() { 'use step'; return 1; }\n",
  "non-ASCII text": "export const greeting = `héllo ${'wörld'} ✓`; // ünïcode\nexport async function ß() { \"use step\"; return '😀'; }\n",
  "a syntax error": "export async function f() { const = 1; }\n",
};

describe("raw transfer", () => {
  test("is available with the installed oxc-parser", () => {
    expect(parseRaw("/app/a.ts", "export {};\n", OPTIONS)).toBeDefined();
  });

  test("builds the same program and errors as oxc-parser's JSON route", () => {
    const sources = Object.entries(SAMPLES);
    for (const name of readdirSync(FIXTURES)) sources.push([name, readFileSync(join(FIXTURES, name, "input.ts"), "utf8")]);
    for (const [name, code] of sources) {
      const raw = parseRaw("/app/input.ts", code, OPTIONS)!;
      const json = parseSync("/app/input.ts", code, OPTIONS);
      expect(raw.program, name).toEqual(json.program);
      expect(raw.errors.map((error) => [error.message, error.labels[0]?.start]), name).toEqual(json.errors.map((error) => [error.message, error.labels[0]?.start]));
    }
  });
});
