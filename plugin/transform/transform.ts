import MagicString, { type SourceMap } from "magic-string";
import { isFunctionNode } from "./ast.ts";
import { TRANSFORM_ERROR_CODES, TransformError } from "./diagnostics.ts";
import { DIRECTIVE_CANDIDATE_RE } from "./directive-names.ts";
import type { EditContext } from "./edit-context.ts";
import { findDirectives } from "./find-directives.ts";
import { toModulePath } from "./function-ids.ts";
import { applyClientMode } from "./mode-client.ts";
import { applyStepMode } from "./mode-step.ts";
import { applyWorkflowMode } from "./mode-workflow.ts";
import { isNodeBuiltin, nodeModuleInWorkflowMessage } from "./node-builtins.ts";
import { parseModule, parseModuleQuickly } from "./parse.ts";
import { pruneImports } from "./prune-imports.ts";
import { scanModule } from "./scan-module.ts";

/** Which bundle the output is for: the step host, the workflow sandbox, or application code. */
export type TransformMode = "step" | "workflow" | "client";

/** Options of `transform`. */
export interface TransformOptions {
  /** Module id (absolute path, optionally with a query); ids are made relative to `root`. */
  id: string;
  /** Output flavour; see the README's "How the directives work". */
  mode: TransformMode;
  /** Project root that ids are relative to. */
  root: string;
}

/** The rewritten module, its source map and the ids it defines. */
export interface TransformResult {
  code: string;
  /**
   * Generated on first read: a bundler that does not want maps never pays for one. Mapped at every word
   * boundary (`hires: "boundary"`), which places breakpoints and stack frames on the right token for about
   * half the cost of a mapping per character.
   */
  readonly map: SourceMap;
  workflowIds: string[];
  stepIds: string[];
}

/**
 * Compiles `"use workflow"` / `"use step"` directives for one mode; undefined when the module has none.
 * Throws a TransformError (with `code`, `id`, `loc`, `frame`) for invalid directive use.
 * @example transform(source, { id: "/app/workflows/signup.ts", mode: "workflow", root: "/app" })
 */
export function transform(code: string, options: TransformOptions): TransformResult | undefined {
  if (!DIRECTIVE_CANDIDATE_RE.test(code)) return undefined;
  const { id, mode, root } = options;
  let parsed = parseModuleQuickly(code, id);
  let scan = scanModule(parsed.program, parsed.blankedReferences);
  // A directive inside a function needs that function's scopes (closure variables), which blanking may hide.
  if (!parsed.complete && scan.sites.some((site) => site.ancestors.some(isFunctionNode))) {
    parsed = { program: parseModule(code, id), complete: true, blankedReferences: new Map() };
    scan = scanModule(parsed.program);
  }
  const program = parsed.program;
  if (scan.sites.length === 0 && scan.moduleDirectives.length === 0 && scan.misplaced.length === 0) return undefined;
  const { functions, moduleDirectives } = findDirectives(scan, { code, id }, toModulePath(id, root));
  if (functions.length === 0 && moduleDirectives.length === 0) return undefined;

  const ctx: EditContext = { code, s: new MagicString(code), header: new Map(), removed: [] };
  for (const { statement } of moduleDirectives) ctx.s.remove(statement.start, statement.end);
  if (mode === "step") applyStepMode(ctx, functions);
  else if (mode === "workflow") applyWorkflowMode(ctx, functions);
  else applyClientMode(ctx, functions);

  const imports = pruneImports(ctx, program, scan.importReferences);
  if (mode === "workflow" && functions.some((fn) => fn.kind === "workflow")) {
    for (const declaration of [...imports, ...program.body.filter((node: { source?: unknown; type: string }) => node.type.startsWith("Export") && node.source)]) {
      const source = declaration.source.value;
      if (declaration.importKind !== "type" && declaration.exportKind !== "type" && isNodeBuiltin(source)) {
        throw new TransformError(TRANSFORM_ERROR_CODES.NODE_JS_MODULE, nodeModuleInWorkflowMessage(source), { code, id }, declaration.source.start);
      }
    }
  }
  if (ctx.header.size > 0) {
    const shebang = code.startsWith("#!") ? code.indexOf("\n") + 1 : 0;
    ctx.s.appendLeft(shebang, `${[...ctx.header.values()].join(" ")} `);
  }
  const edits = ctx.s;
  let map: SourceMap | undefined;
  return {
    code: edits.toString(),
    get map() {
      map ??= edits.generateMap({ hires: "boundary", source: id, includeContent: true });
      return map;
    },
    workflowIds: functions.filter((fn) => fn.kind === "workflow").map((fn) => fn.id),
    stepIds: functions.filter((fn) => fn.kind === "step").map((fn) => fn.id),
  };
}
