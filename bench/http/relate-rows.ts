import type { TargetRow } from "./record-case.ts";

/**
 * Gives each of `rows` the figure of the same case in `others` (matched by key) as its `relative`, labelled
 * `label`: the dev server's rows carry the production server's, so the table says how far apart they are.
 */
export function relateRows(rows: TargetRow[], others: TargetRow[], label: string): TargetRow[] {
  const byKey = new Map(others.map((row) => [row.key, row]));
  return rows.map((row) => {
    const other = byKey.get(row.key);
    return other && other.unit === row.unit ? { ...row, relative: { label, value: other.value } } : row;
  });
}
