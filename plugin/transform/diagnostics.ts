import { docsUrl } from "./docs-url.ts";

/** Every diagnostic the transform reports; each has a README section at `docsUrl(code)`. */
export const TRANSFORM_ERROR_CODES = {
  PARSE: "ERR_WORKFLOW_PARSE",
  SYNC_FUNCTION: "ERR_WORKFLOW_SYNC_FUNCTION",
  DIRECTIVE_POSITION: "ERR_WORKFLOW_DIRECTIVE_POSITION",
  DIRECTIVE_TYPO: "ERR_WORKFLOW_DIRECTIVE_TYPO",
  CONFLICTING_DIRECTIVES: "ERR_WORKFLOW_CONFLICTING_DIRECTIVES",
  INSTANCE_METHOD: "ERR_WORKFLOW_INSTANCE_METHOD",
  STEP_THIS: "ERR_WORKFLOW_STEP_THIS",
  STEP_ARGUMENTS: "ERR_WORKFLOW_STEP_ARGUMENTS",
  STEP_SUPER: "ERR_WORKFLOW_STEP_SUPER",
  NODE_JS_MODULE: "ERR_WORKFLOW_NODE_JS_MODULE",
  NON_ASYNC_EXPORT: "ERR_WORKFLOW_NON_ASYNC_EXPORT",
  NESTED_DIRECTIVE: "ERR_WORKFLOW_NESTED_DIRECTIVE",
  CLOSURE_VARIABLE: "ERR_WORKFLOW_CLOSURE_VARIABLE",
  ANONYMOUS_CLASS: "ERR_WORKFLOW_ANONYMOUS_CLASS",
} as const;

export type TransformErrorCode = (typeof TRANSFORM_ERROR_CODES)[keyof typeof TRANSFORM_ERROR_CODES];

/** A source position in Rollup's convention: 1-based line, 0-based column. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/**
 * A build error with a stable code, the module id, a location and a code frame, so Vite, Rollup, webpack
 * and esbuild all show where it happened. Identify it by `TransformError.is(e)`, not `instanceof`.
 */
export class TransformError extends Error {
  override readonly name = "TransformError";
  readonly code: TransformErrorCode;
  readonly id: string;
  readonly loc: SourceLocation;
  readonly frame: string;
  readonly docs: string;
  readonly plugin = "workflow:transform";

  constructor(code: TransformErrorCode, message: string, source: { code: string; id: string }, offset: number) {
    const docs = docsUrl(code);
    super(`${message}\n\nLearn more: ${docs}`);
    this.code = code;
    this.id = source.id;
    this.docs = docs;
    this.loc = { file: source.id, ...lineColumn(source.code, offset) };
    this.frame = codeFrame(source.code, this.loc.line, this.loc.column);
  }

  /** Brand check that works across module copies and VM realms. */
  static is(value: unknown): value is TransformError {
    return value instanceof Error && value.name === "TransformError" && typeof (value as TransformError).code === "string";
  }
}

/** Converts a character offset into a 1-based line and 0-based column. */
export function lineColumn(code: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = code.indexOf("\n"); index !== -1 && index < offset; index = code.indexOf("\n", index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart };
}

/** Renders two lines of context around `line` with a caret under `column`. */
export function codeFrame(code: string, line: number, column: number): string {
  const lines = code.split("\n");
  const first = Math.max(1, line - 2);
  const last = Math.min(lines.length, line + 2);
  const width = String(last).length;
  const out: string[] = [];
  for (let current = first; current <= last; current++) {
    const text = lines[current - 1].replace(/\r$/, "");
    out.push(`${current === line ? ">" : " "} ${String(current).padStart(width)} | ${text}`);
    if (current === line) out.push(`  ${" ".repeat(width)} | ${" ".repeat(column)}^`);
  }
  return out.join("\n");
}
