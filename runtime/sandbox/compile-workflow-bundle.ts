import { createHash } from "node:crypto";
import { SourceMap } from "node:module";
import vm from "node:vm";

/** The workflow bundle as the plugin builds it: one IIFE script plus its source map. */
export interface WorkflowBundleSource {
  code: string;
  /** Source map (object or JSON text) mapping the bundle back to the user's files. */
  map?: unknown;
}

/** A bundle compiled once per version; every sandbox of that version runs the same `vm.Script`. */
export interface CompiledWorkflowBundle {
  /** Content hash of the code: the bundle's version. */
  version: string;
  script: vm.Script;
  /** Rewrites stack frames that point into the bundle so they point at the user's source files. */
  remapStack(stack: string): string;
}

/**
 * Compiles a workflow bundle into a reusable `vm.Script` named after its content hash.
 * @example const bundle = compileWorkflowBundle({ code, map }); sandbox = createSandbox(bundle);
 */
export function compileWorkflowBundle(source: WorkflowBundleSource): CompiledWorkflowBundle {
  const version = createHash("sha256").update(source.code).digest("hex").slice(0, 16);
  const filename = `workflow-bundle-${version}.js`;
  const script = new vm.Script(source.code, { filename });
  const sourceMap = toSourceMap(source.map);
  const frameRe = new RegExp(`${filename.replace(/[.]/g, "\\.")}:(\\d+):(\\d+)`, "g");
  return {
    version,
    script,
    remapStack(stack) {
      if (!sourceMap) return stack;
      return stack.replace(frameRe, (frame, line: string, column: string) => {
        const entry = sourceMap.findEntry(Number(line) - 1, Number(column) - 1) as Partial<{
          originalSource: string;
          originalLine: number;
          originalColumn: number;
        }>;
        if (entry.originalSource === undefined || entry.originalLine === undefined) return frame;
        return `${entry.originalSource}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
      });
    },
  };
}

function toSourceMap(map: unknown): SourceMap | undefined {
  if (map === undefined || map === null) return undefined;
  try {
    const payload = typeof map === "string" ? JSON.parse(map) : map;
    return new SourceMap(payload as ConstructorParameters<typeof SourceMap>[0]);
  } catch {
    // A broken map must not break execution; stacks then point into the bundle.
    return undefined;
  }
}
