/**
 * The quick parse (cold regions blanked) must never change what the transform produces. This runs every
 * source file of the project through the transform twice, once as shipped and once with the quick parse
 * replaced by the full one (through oxc-parser's JSON route rather than raw transfer), after turning each
 * exported async function into a step or a workflow.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test, vi } from "vitest";
import type { TransformMode } from "./transform.ts";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const MODES: TransformMode[] = ["step", "workflow", "client"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "__fixtures__" || entry.name === "node_modules" ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

/** Marks exported async functions alternately as steps and workflows, and adds one of each at the end. */
function withDirectives(code: string): string {
  let count = 0;
  const marked = code.replace(/(export async function \w+\([^)]*\)(?::[^{;]+)?\s*\{)/g, (head: string) => `${head} "use ${count++ % 2 === 0 ? "step" : "workflow"}";`);
  return `${marked}\nexport async function probeStep(x: number) {\n  "use step";\n  return [x];\n}\nexport async function probeWorkflow(x: number) {\n  "use workflow";\n  return probeStep(x);\n}\n`;
}

type Transform = typeof import("./transform.ts").transform;

function outcome(transform: Transform, code: string, id: string, mode: TransformMode): string {
  try {
    const result = transform(code, { id, mode, root: REPO });
    return result ? `${result.code}\n${result.stepIds.join(",")}\n${result.workflowIds.join(",")}` : "undefined";
  } catch (error) {
    const { code: errorCode, loc } = error as { code?: string; loc?: unknown };
    return `error ${errorCode} ${JSON.stringify(loc)}`;
  }
}

describe("quick parse equivalence", () => {
  test("every project source file transforms the same with and without blanking", async () => {
    const files = [...sourceFiles(join(REPO, "runtime")), ...sourceFiles(join(REPO, "plugin"))];
    expect(files.length).toBeGreaterThan(100);
    const quick = (await import("./transform.ts")).transform;
    const { parseModuleQuickly } = await import("./parse.ts");
    vi.resetModules();
    // The reference takes oxc-parser's JSON route, so raw transfer is compared with it on every file too.
    vi.doMock("./raw-parse.ts", () => ({ parseRaw: () => undefined }));
    vi.doMock("./parse.ts", async (importOriginal) => {
      const original = await importOriginal<typeof import("./parse.ts")>();
      return {
        ...original,
        parseModuleQuickly: (code: string, id: string) => ({ program: original.parseModule(code, id), complete: true, blankedReferences: new Map() }),
      };
    });
    const full = (await import("./transform.ts")).transform;
    vi.doUnmock("./parse.ts");
    vi.doUnmock("./raw-parse.ts");
    expect(full).not.toBe(quick);
    let blanked = 0;
    let transformed = 0;
    for (const file of files) {
      const code = withDirectives(readFileSync(file, "utf8"));
      if (!parseModuleQuickly(code, file).complete) blanked++;
      if (!outcome(quick, code, file, "step").startsWith("error")) transformed++;
      for (const mode of MODES) {
        expect(outcome(quick, code, file, mode), `${relative(REPO, file)} (${mode})`).toBe(outcome(full, code, file, mode));
      }
    }
    // The comparison means something only if most files took the quick path and transformed without error.
    expect(blanked / files.length).toBeGreaterThan(0.8);
    expect(transformed / files.length).toBeGreaterThan(0.5);
  }, 120_000);
});
