import { parseSync } from "oxc-parser";
import type { Node } from "./ast.ts";
import { TRANSFORM_ERROR_CODES, TransformError } from "./diagnostics.ts";
import { isTypeOnlyDeclaration, isTypeOnlySpecifier } from "./type-only.ts";

type Lang = "js" | "jsx" | "ts" | "tsx";

function langOf(file: string): Lang {
  if (/\.[cm]?tsx?$/.test(file)) return file.endsWith("x") ? "tsx" : "ts";
  return file.endsWith("x") ? "jsx" : "js";
}

/** Parses a module with oxc-parser; a syntax error becomes an `ERR_WORKFLOW_PARSE` TransformError. */
export function parseModule(code: string, id: string): Node {
  const file = id.replace(/[?#].*$/, "");
  // The JS-shaped AST (no type annotations) is about a third cheaper to deserialize; type-only imports and
  // exports are recognised from the source text instead (see type-only.ts).
  const result = parseSync(file, code, { lang: langOf(file), sourceType: "module", astType: "js", preserveParens: false });
  const error = result.errors.find((candidate) => candidate.severity === "Error");
  if (error) {
    const offset = error.labels[0]?.start ?? 0;
    throw new TransformError(TRANSFORM_ERROR_CODES.PARSE, error.message, { code, id }, offset);
  }
  const program = result.program as unknown as Node;
  markTypeOnly(code, program);
  return program;
}

/** Restores `importKind`/`exportKind` ("type" | "value") on module-level imports and exports. */
function markTypeOnly(code: string, program: Node): void {
  for (const statement of program.body) {
    const isImport = statement.type === "ImportDeclaration";
    if (!isImport && statement.type !== "ExportNamedDeclaration" && statement.type !== "ExportAllDeclaration") continue;
    const field = isImport ? "importKind" : "exportKind";
    statement[field] = isTypeOnlyDeclaration(code, statement) ? "type" : "value";
    for (const specifier of statement.specifiers ?? []) {
      specifier[field] = statement[field] === "type" || isTypeOnlySpecifier(code, specifier) ? "type" : "value";
    }
  }
}
