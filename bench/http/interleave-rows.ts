import type { BenchRow } from "../index.ts";
import type { TargetRow } from "./record-case.ts";

/**
 * One list of rows from several targets' rows, each case's rows side by side in the order the targets are
 * given, each named `<target>: <name>`. A case only some targets have keeps its place relative to the
 * cases around it.
 */
export function interleaveRows(targets: Record<string, TargetRow[]>): BenchRow[] {
  const keys: string[] = [];
  for (const rows of Object.values(targets)) {
    let at = 0;
    for (const { key } of rows) {
      const found = keys.indexOf(key);
      if (found >= 0) at = found + 1;
      else keys.splice(at++, 0, key);
    }
  }
  const merged: BenchRow[] = [];
  for (const key of keys) {
    for (const [target, rows] of Object.entries(targets)) {
      for (const { key: rowKey, name, ...row } of rows) if (rowKey === key) merged.push({ ...row, name: `${target}: ${name}` });
    }
  }
  return merged;
}
