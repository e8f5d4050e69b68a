import type { DirectiveKind } from "./function-ids.ts";

/** The two directive strings and the kind each one marks. */
export const DIRECTIVES: Record<string, DirectiveKind> = { "use step": "step", "use workflow": "workflow" };

/** Cheap pre-filter: could this source contain a directive (or a near miss worth diagnosing)? */
export const DIRECTIVE_CANDIDATE_RE = /['"]\s*use[\s_-]*(?!strict\b|client\b|server\b)[sw]/i;

export type DirectiveMatch = { kind: DirectiveKind } | { typoOf: string };

/** Classifies a prologue string: one of our directives, a near miss of one, or neither (null). */
export function classifyDirective(value: string): DirectiveMatch | null {
  const kind = DIRECTIVES[value];
  if (kind) return { kind };
  if (value.length > 16) return null;
  for (const directive of Object.keys(DIRECTIVES)) {
    if (editDistance(value.toLowerCase(), directive) <= 2 || editDistance(value, directive) <= 2) {
      return { typoOf: directive };
    }
  }
  return null;
}

/** Optimal string alignment distance (insertions, deletions, substitutions, adjacent swaps). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2][j - 2] + 1);
      rows[i][j] = best;
    }
  }
  return rows[a.length][b.length];
}
