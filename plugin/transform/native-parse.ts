/**
 * oxc-parser's native `parseSync`, reading only what the transform uses.
 *
 * The public `parseSync` reads every field of the native result at once, and `module` (every import and
 * export as JS objects) costs about as much as the rest of a quick parse. Here only `errors` and the
 * program's JSON are read. The JSON is always taken, even when the caller only wants the errors: a field
 * left unread keeps its memory on the Rust side until a finalizer runs after a garbage collection, and a
 * build that transforms files back to back piles those up and slows every later parse.
 *
 * The binding and the JSON reader are package subpaths rather than the documented API, so they are loaded
 * here only and checked for the shape used; when either is missing the caller uses the public `parseSync`.
 */
import { createRequire } from "node:module";
import type { Node } from "./ast.ts";

interface NativeError {
  severity: string;
  message: string;
  labels: Array<{ start: number }>;
}

interface NativeParseResult {
  errors: NativeError[];
  program: string;
}

interface NativeParser {
  parseSync: (file: string, code: string, options: object) => NativeParseResult;
  jsonParseAst: (json: string) => Node;
}

/** What one native parse says: its first syntax error, and the program as JSON (read with `toProgram`). */
export interface NativeParse {
  error: { message: string; offset: number } | undefined;
  programJson: string;
}

/**
 * Loaded with `require` on first use (both are ES modules without top-level await, which Node 20.19+ can
 * require), so importing the transform never needs top-level await. Undefined when they cannot be loaded.
 */
function loadNativeParser(): NativeParser | undefined {
  try {
    const require = createRequire(import.meta.url);
    const { parseSync } = require("oxc-parser/src-js/bindings") as { parseSync?: unknown };
    const { jsonParseAst } = require("oxc-parser/src-js/wrap") as { jsonParseAst?: unknown };
    if (typeof parseSync !== "function" || typeof jsonParseAst !== "function") return undefined;
    return { parseSync, jsonParseAst } as NativeParser;
  } catch {
    return undefined;
  }
}

let nativeParser: NativeParser | undefined | null = null;

/** Parses with the native binding; undefined when it is not available in the installed oxc-parser. */
export function parseNatively(file: string, code: string, options: object): NativeParse | undefined {
  if (nativeParser === null) nativeParser = loadNativeParser();
  if (nativeParser === undefined) return undefined;
  const result = nativeParser.parseSync(file, code, options);
  const errors = result.errors;
  const programJson = result.program;
  if (!Array.isArray(errors) || typeof programJson !== "string") return undefined;
  const first = errors.find((candidate) => candidate.severity === "Error");
  return { error: first && { message: first.message, offset: first.labels[0]?.start ?? 0 }, programJson };
}

/** Builds the ESTree program from a `parseNatively` result (only after it returned one). */
export function toProgram(parsed: NativeParse): Node {
  return nativeParser!.jsonParseAst(parsed.programJson);
}
