/**
 * Checks a module's syntax and lists its import names without building the JavaScript AST.
 *
 * oxc-parser's public `parseSync` turns the whole AST into a JSON string and then into objects as soon as
 * `program` is read, which is most of its cost. Its native binding parses and reports `errors` and `module`
 * (static imports) while leaving the AST string on the Rust side, unread. That binding is a package subpath
 * rather than the documented API, so it is loaded here only, checked for the shape used, and when it is
 * missing or different the transform parses the whole module as before.
 */
import { createRequire } from "node:module";
interface NativeError {
  severity: string;
  message: string;
  labels: Array<{ start: number }>;
}

interface NativeParseResult {
  errors: NativeError[];
  module: { staticImports: Array<{ entries: Array<{ localName: { value: string } }> }> };
}

type NativeParseSync = (file: string, code: string, options: object) => NativeParseResult;

/** What the native parse says about the source as written. */
export interface SyntaxCheck {
  /** The first syntax error, if any. */
  error: { message: string; offset: number } | undefined;
  /** Local names of every import (value and type-only alike). */
  importNames: Set<string>;
}

/**
 * Loaded with `require` on first use (the binding is an ES module without top-level await, which Node 20.19+
 * can require), so importing the transform never needs top-level await. Undefined when it cannot be loaded.
 */
function loadNativeParse(): NativeParseSync | undefined {
  try {
    const binding = createRequire(import.meta.url)("oxc-parser/src-js/bindings") as { parseSync?: unknown };
    return typeof binding.parseSync === "function" ? (binding.parseSync as NativeParseSync) : undefined;
  } catch {
    return undefined;
  }
}

let nativeParse: NativeParseSync | undefined | null = null;

/** Undefined when the native binding is not available in the installed oxc-parser. */
export function checkSyntax(file: string, code: string, options: object): SyntaxCheck | undefined {
  if (nativeParse === null) nativeParse = loadNativeParse();
  if (nativeParse === undefined) return undefined;
  const result = nativeParse(file, code, options);
  const errors = result.errors;
  const imports = result.module?.staticImports;
  if (!Array.isArray(errors) || !Array.isArray(imports)) return undefined;
  const first = errors.find((candidate) => candidate.severity === "Error");
  const importNames = new Set<string>();
  for (const declaration of imports) for (const entry of declaration.entries) importNames.add(entry.localName.value);
  return { error: first && { message: first.message, offset: first.labels[0]?.start ?? 0 }, importNames };
}
