/**
 * Where oxc-parser's raw transfer is not available, the transform parses through the native JSON route.
 * Both must give the same output: every fixture, and a module made mostly of skipped bodies, go through
 * the transform once as shipped and once with raw transfer switched off.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test, vi } from "vitest";
import type { TransformMode } from "./transform.ts";

const FIXTURES = fileURLToPath(new URL("./__fixtures__", import.meta.url));
const MODES: TransformMode[] = ["step", "workflow", "client"];

type Transform = typeof import("./transform.ts").transform;

function outcome(transform: Transform, code: string, mode: TransformMode): string {
  try {
    const result = transform(code, { id: "/project/workflows/input.ts", mode, root: "/project" });
    return result ? `${result.code}\n${result.stepIds.join(",")}\n${result.workflowIds.join(",")}` : "undefined";
  } catch (error) {
    const { code: errorCode, loc } = error as { code?: string; loc?: unknown };
    return `error ${errorCode} ${JSON.stringify(loc)}`;
  }
}

const BODIES = [
  `import { db } from "./db";`,
  `export async function load(id: string) {`,
  `  "use step";`,
  `  if (id) { return db.find({ id, tags: [1, { deep: true }] }); }`,
  `}`,
  `export async function run(id: string) {`,
  `  "use workflow";`,
  `  for (const n of [1, 2]) { await load(\`\${id}-\${n}\`); }`,
  `}`,
  `export async function broken() {`,
  `  "use step";`,
  `  if (1) { const = 1; }`,
  `}`,
].join("\n");

describe("the JSON route", () => {
  test("transforms every fixture and skipped bodies like raw transfer does", async () => {
    const raw = (await import("./transform.ts")).transform;
    vi.resetModules();
    vi.doMock("./raw-parse.ts", () => ({ parseRaw: () => undefined }));
    const json = (await import("./transform.ts")).transform;
    const { parseModuleQuickly } = await import("./parse.ts");
    vi.doUnmock("./raw-parse.ts");
    expect(json).not.toBe(raw);
    const withoutError = BODIES.split("\n").slice(0, 9).join("\n");
    expect(parseModuleQuickly(withoutError, "/project/workflows/input.ts").complete).toBe(false);
    const sources = [withoutError, BODIES, ...readdirSync(FIXTURES).map((name) => readFileSync(join(FIXTURES, name, "input.ts"), "utf8"))];
    for (const code of sources) {
      for (const mode of MODES) expect(outcome(json, code, mode)).toBe(outcome(raw, code, mode));
    }
  });
});
