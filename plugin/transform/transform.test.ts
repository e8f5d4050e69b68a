import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseSync } from "oxc-parser";
import { describe, expect, test } from "vitest";
import { TransformError } from "./diagnostics.ts";
import { transform, type TransformMode, type TransformResult } from "./transform.ts";

const FIXTURES = fileURLToPath(new URL("./__fixtures__", import.meta.url));
const MODES: TransformMode[] = ["step", "workflow", "client"];
const ROOT = "/project";

type Outcome = { result: TransformResult } | { error: TransformError };

function run(name: string, mode: TransformMode): Outcome {
  const code = readFileSync(join(FIXTURES, name, "input.ts"), "utf8");
  try {
    const result = transform(code, { id: `${ROOT}/workflows/${name}.ts`, mode, root: ROOT });
    if (!result) throw new Error(`${name}: no directives found`);
    return { result };
  } catch (error) {
    if (TransformError.is(error)) return { error };
    throw error;
  }
}

function formatError(error: TransformError): string {
  const file = error.loc.file.slice(ROOT.length + 1);
  return `${error.code} at ${file}:${error.loc.line}:${error.loc.column}\n\n${error.message}\n\n${error.frame}\n`;
}

const cases = readdirSync(FIXTURES).toSorted();

describe("transform fixtures", () => {
  test("there are at least 40 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  for (const name of cases) {
    test(name, async () => {
      const outcomes = MODES.map((mode) => [mode, run(name, mode)] as const);
      const errors = outcomes.map(([, outcome]) => ("error" in outcome ? formatError(outcome.error) : undefined));
      const sameErrorEverywhere = errors[0] !== undefined && errors.every((text) => text === errors[0]);
      if (sameErrorEverywhere) {
        await expect(errors[0]).toMatchFileSnapshot(join(FIXTURES, name, "error.txt"));
        return;
      }
      for (const [mode, outcome] of outcomes) {
        if ("error" in outcome) {
          await expect(formatError(outcome.error)).toMatchFileSnapshot(join(FIXTURES, name, `error.${mode}.txt`));
        } else {
          await expect(outcome.result.code).toMatchFileSnapshot(join(FIXTURES, name, `output.${mode}.ts`));
          const parsed = parseSync(`output.${mode}.ts`, outcome.result.code, { sourceType: "module" });
          expect(parsed.errors.map((error) => error.message)).toEqual([]);
        }
      }
    });
  }
});

describe("ids", () => {
  test("every form gets the same ids in all three modes", () => {
    let compared = 0;
    for (const name of cases) {
      const results = MODES.map((mode) => run(name, mode)).filter((outcome) => "result" in outcome);
      if (results.length < 2) continue;
      const [first, ...rest] = results.map((outcome) => outcome.result);
      for (const other of rest) {
        expect(other.stepIds, name).toEqual(first.stepIds);
        expect(other.workflowIds, name).toEqual(first.workflowIds);
      }
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(35);
  });

  test("ids are root-relative with / separators and keep object-literal paths", () => {
    const code = `export const tools = { search: { execute: async () => { "use step"; return 1; } } };`;
    const result = transform(code, { id: "/repo/src/agent.ts", mode: "step", root: "/repo" });
    expect(result?.stepIds).toEqual(["step//src/agent.ts//tools/search/execute"]);
    const windows = transform(code, { id: "C:\\repo\\src\\agent.ts?v=3", mode: "client", root: "C:\\repo" });
    expect(windows?.stepIds[0]).toMatch(/^step\/\/[^\\]*agent\.ts\/\/tools\/search\/execute$/);
  });

  test("a file without directives is not transformed", () => {
    expect(transform(`export const a = "use strict";`, { id: "/r/a.ts", mode: "step", root: "/r" })).toBeUndefined();
    expect(transform(`export function useStep() {}`, { id: "/r/a.ts", mode: "workflow", root: "/r" })).toBeUndefined();
  });

  test("source maps map every line and point into the input", () => {
    const code = readFileSync(join(FIXTURES, "workflow-and-steps-in-one-file", "input.ts"), "utf8");
    const result = transform(code, { id: "/project/workflows/files.ts", mode: "workflow", root: ROOT })!;
    expect(result.map.sources).toEqual(["/project/workflows/files.ts"]);
    expect(result.map.sourcesContent).toEqual([code]);
    expect(result.map.mappings.split(";").length).toBeGreaterThan(10);
    expect(result.code.split("\n").length).toBe(code.split("\n").length);
  });
});
