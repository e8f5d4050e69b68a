import { parseSync, type ParseResult } from "oxc-parser";
import type { Node } from "./ast.ts";
import { blankColdRegions } from "./blank-cold-regions.ts";
import { TRANSFORM_ERROR_CODES, TransformError } from "./diagnostics.ts";
import { importNamesOf } from "./import-names.ts";
import { parseNatively, type NativeParse } from "./native-parse.ts";
import { isTypeOnlyDeclaration, isTypeOnlySpecifier } from "./type-only.ts";

type Lang = "js" | "jsx" | "ts" | "tsx";

function langOf(file: string): Lang {
  if (/\.[cm]?tsx?$/.test(file)) return file.endsWith("x") ? "tsx" : "ts";
  return file.endsWith("x") ? "jsx" : "js";
}

/** A parsed module; `complete` is false when cold regions were blanked before parsing (see blank-cold-regions.ts). */
export interface ParsedModule {
  program: Node;
  complete: boolean;
  /** Import reads inside blanked regions, by local name (empty when complete). */
  blankedReferences: Map<string, number[]>;
}

// The JS-shaped AST (no type annotations) is about a third cheaper to deserialize; type-only imports and
// exports are recognised from the source text instead (see type-only.ts).
const parserOptions = (file: string) => ({ lang: langOf(file), sourceType: "module", astType: "js", preserveParens: false }) as const;

/** Parses a module with oxc-parser; a syntax error becomes an `ERR_WORKFLOW_PARSE` TransformError. */
export function parseModule(code: string, id: string): Node {
  const file = id.replace(/[?#].*$/, "");
  const options = parserOptions(file);
  const native = parseNatively(file, code, options);
  const result = native ?? toNativeParse(parseSync(file, code, options));
  if (result.error) throw new TransformError(TRANSFORM_ERROR_CODES.PARSE, result.error.message, { code, id }, result.error.offset);
  return markTypeOnly(code, result.program());
}

/** The public `parseSync` result in the shape `parseNatively` returns. */
function toNativeParse(result: ParseResult): NativeParse {
  const error = result.errors.find((candidate) => candidate.severity === "Error");
  return { error: error && { message: error.message, offset: error.labels[0]?.start ?? 0 }, program: () => result.program as unknown as Node };
}

/**
 * Parses a module with the bodies the analysis cannot learn from blanked out, which is several times
 * cheaper on code made mostly of function bodies. Syntax errors are still found in the source as written.
 * Falls back to `parseModule` whenever the shortcut is not sure (JSX, an unusual token, an import name the
 * text scan missed, a native binding missing from the installed oxc-parser).
 */
export function parseModuleQuickly(code: string, id: string): ParsedModule {
  const file = id.replace(/[?#].*$/, "");
  const options = parserOptions(file);
  // JSX text is not JavaScript tokens (an apostrophe is not a quote): JSX, or what looks like it in a .js file, takes the full parse.
  const mayHaveJsx = options.lang.endsWith("x") || (options.lang === "js" && (code.includes("</") || code.includes("/>")));
  const written = mayHaveJsx ? undefined : parseNatively(file, code, options);
  if (written === undefined) return completeModule(parseModule(code, id));
  if (written.error) throw new TransformError(TRANSFORM_ERROR_CODES.PARSE, written.error.message, { code, id }, written.error.offset);
  const importNames = importNamesOf(code);
  const blanked = blankColdRegions(code, importNames);
  if (blanked && blanked.code !== code) {
    const parsed = parseNatively(file, blanked.code, options);
    const program = parsed && !parsed.error ? parsed.program() : undefined;
    if (program && importsAreAmong(program, importNames)) {
      return { program: markTypeOnly(code, program), complete: false, blankedReferences: blanked.references };
    }
  }
  // Nothing was blanked, or the blanked source is not to be trusted: the source as written is already parsed.
  return completeModule(markTypeOnly(code, written.program()));
}

function completeModule(program: Node): ParsedModule {
  return { program, complete: true, blankedReferences: new Map() };
}

/** True when every import declaration's local names are in `names` (which blanking was decided with). */
function importsAreAmong(program: Node, names: ReadonlySet<string>): boolean {
  for (const statement of program.body) {
    if (statement.type !== "ImportDeclaration") continue;
    for (const specifier of statement.specifiers) if (!names.has(specifier.local.name)) return false;
  }
  return true;
}

/** Restores `importKind`/`exportKind` ("type" | "value") on module-level imports and exports; returns `program`. */
function markTypeOnly(code: string, program: Node): Node {
  for (const statement of program.body) {
    const isImport = statement.type === "ImportDeclaration";
    if (!isImport && statement.type !== "ExportNamedDeclaration" && statement.type !== "ExportAllDeclaration") continue;
    const field = isImport ? "importKind" : "exportKind";
    statement[field] = isTypeOnlyDeclaration(code, statement) ? "type" : "value";
    for (const specifier of statement.specifiers ?? []) {
      specifier[field] = statement[field] === "type" || isTypeOnlySpecifier(code, specifier) ? "type" : "value";
    }
  }
  return program;
}
