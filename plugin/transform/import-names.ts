/**
 * The names a module may import, read from its text before parsing (the quick parse needs them to decide
 * what to blank). Every word between `import` and `from "…"` (or the `=` of `import x = …`) counts, so the
 * set may hold more than the local names (imported names before `as`, words of an import-like comment),
 * which only makes blanking more careful. It can miss a name only for syntax this does not expect; the
 * quick parse compares it with the parsed imports and parses the source as written when one is missing.
 */
const IMPORT_CLAUSE_RE = /(?<![\w$.])import\b([^;'"`()]*?)(?:\bfrom\s*["']|=)/g;
const CLAUSE_WORD_RE = /[^\s{},*]+/g;
/** Words of an import clause that are syntax, not names. */
const CLAUSE_KEYWORDS = new Set(["type", "typeof", "as"]);

/** A superset of the local names the module's import declarations introduce. */
export function importNamesOf(code: string): Set<string> {
  const names = new Set<string>();
  for (const [, clause] of code.matchAll(IMPORT_CLAUSE_RE)) {
    for (const [word] of clause.matchAll(CLAUSE_WORD_RE)) if (!CLAUSE_KEYWORDS.has(word)) names.add(word);
  }
  return names;
}
