/**
 * oxc-parser's native parse, reading only what the transform uses: raw transfer where it works (see
 * raw-parse.ts), else the JSON route of the native `parseSync`.
 *
 * On the JSON route, the public `parseSync` would read every field of the native result at once, and
 * `module` (every import and export as JS objects) costs about as much as the rest of a quick parse. Here
 * only `errors` and the program's JSON are read. The JSON is always taken, even when the caller only wants
 * the errors: a field left unread keeps its memory on the Rust side until a finalizer runs after a garbage
 * collection, and a build that transforms files back to back piles those up and slows every later parse.
 *
 * The binding and the JSON reader are package subpaths rather than the documented API, so they are loaded
 * here only and checked for the shape used; when either is missing the caller uses the public `parseSync`.
 */
import { createRequire } from "node:module";
import type { Node } from "./ast.ts";
import { parseRaw, type ParseDiagnostic } from "./raw-parse.ts";

interface NativeParseResult {
  errors: ParseDiagnostic[];
  program: string;
}

interface NativeParser {
  parseSync: (file: string, code: string, options: object) => NativeParseResult;
  jsonParseAst: (json: string) => Node;
}

/** What one native parse says: its first syntax error, and the program (built on first call). */
export interface NativeParse {
  error: { message: string; offset: number } | undefined;
  program: () => Node;
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

/** Parses natively; undefined when neither raw transfer nor the native binding is available. */
export function parseNatively(file: string, code: string, options: { astType: "js" }): NativeParse | undefined {
  const raw = parseRaw(file, code, options);
  if (raw) return { error: firstError(raw.errors), program: raw.program };
  if (nativeParser === null) nativeParser = loadNativeParser();
  if (nativeParser === undefined) return undefined;
  const { jsonParseAst } = nativeParser;
  const result = nativeParser.parseSync(file, code, options);
  const errors = result.errors;
  const programJson = result.program;
  if (!Array.isArray(errors) || typeof programJson !== "string") return undefined;
  return { error: firstError(errors), program: () => jsonParseAst(programJson) };
}

function firstError(errors: ParseDiagnostic[]): NativeParse["error"] {
  const first = errors.find((candidate) => candidate.severity === "Error");
  return first && { message: first.message, offset: first.labels[0]?.start ?? 0 };
}
