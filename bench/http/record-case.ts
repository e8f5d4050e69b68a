import type { BenchRow } from "../index.ts";
import type { PlaygroundProcess } from "./playground-process.ts";
import { median } from "../median.ts";

/** A row's label, unit and target, before its value is known. */
export type RowSpec = Omit<BenchRow, "value">;

/** A row of one target; `key` is the label without a failure note, the same for every target's row of a case. */
export type TargetRow = BenchRow & { key: string };

/** Runs `measure` `times` in a row and returns the median of what it returned. */
export async function medianOf(times: number, measure: () => Promise<number>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) samples.push(await measure());
  return median(samples);
}

/**
 * Returns `record(specs, measure)` for the cases of `target`: appends one row per spec with the values
 * `measure` resolves to, or, when it throws (a timeout, a failed run, a wrong result, the server gone),
 * the same rows with `NaN` and the reason in the name, so one broken case never hides the others or hangs
 * the bench.
 */
export function createCaseRecorder(rows: TargetRow[], playground: PlaygroundProcess, target: string) {
  let printedOutput = false;
  return async function record(specs: RowSpec[], measure: () => Promise<number[]>): Promise<void> {
    let values: number[];
    try {
      if (playground.exited()) throw new Error("the server has exited");
      values = await measure();
    } catch (error) {
      const note = playground.exited() ? "the server has exited" : (error as Error).message;
      console.warn(`http bench: ${target}: ${specs[0].name}: ${note}`);
      if (playground.exited() && !printedOutput) {
        printedOutput = true;
        console.warn(playground.output());
      }
      for (const spec of specs) rows.push({ ...spec, key: spec.name, name: `${spec.name} [failed: ${note}]`, value: Number.NaN });
      return;
    }
    specs.forEach((spec, i) => rows.push({ ...spec, key: spec.name, value: values[i] }));
  };
}

/**
 * A stand-in for `createCaseRecorder` when a target cannot run at all: appends every case's rows with `NaN`
 * and `[unavailable: <reason>]` in the name, without measuring anything.
 */
export function createUnavailableRecorder(rows: TargetRow[], reason: string) {
  return async function record(specs: RowSpec[], _measure: () => Promise<number[]>): Promise<void> {
    for (const spec of specs) rows.push({ ...spec, key: spec.name, name: `${spec.name} [unavailable: ${reason}]`, value: Number.NaN });
  };
}

/** Runs a case and drops its rows (a warm-up); a case that fails is left for the measured ones to report. */
export async function discardRows(_specs: RowSpec[], measure: () => Promise<number[]>): Promise<void> {
  await measure().catch(() => undefined);
}
