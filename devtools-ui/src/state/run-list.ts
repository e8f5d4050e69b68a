/** The run list model: summaries merged from pages and live updates, filtered and searched locally. */
import type { RunStatus } from "../../../runtime/events/event.ts";
import type { RunSummary } from "../../../runtime/world/world.ts";

/** A run as the list shows it: the API's run summary. */
export type RunRow = RunSummary;

export interface RunFilter {
  workflow?: string;
  status?: RunStatus;
  /** Case-insensitive text matched against the run id and workflow name; `inputMatches` adds server hits. */
  search?: string;
}

/**
 * Merges fetched summaries into the list: one entry per run id (the one with more events wins, so a stale
 * page never overwrites a fresher live update), newest first, ties broken by id for a stable order.
 * Linear in the list's length: a run keeps its place when updated (its creation time never changes) and new
 * runs are merged in, so a live update of one run does not sort ten thousand. Nothing to change returns
 * `current` itself.
 */
export function mergeRuns(current: readonly RunRow[], updates: readonly RunRow[]): RunRow[] {
  const fresh = new Map<string, RunRow>();
  for (const run of updates) {
    if (!isRunRow(run)) continue;
    const seen = fresh.get(run.runId);
    if (!seen || run.eventCount >= seen.eventCount) fresh.set(run.runId, run);
  }
  if (fresh.size === 0) return current as RunRow[];
  let changed = false;
  const kept = current.map((run) => {
    const update = fresh.get(run.runId);
    if (!update) return run;
    fresh.delete(run.runId);
    if (update.eventCount < run.eventCount) return run;
    changed = true;
    return update;
  });
  if (fresh.size === 0) return changed ? kept : (current as RunRow[]);
  return mergeSorted(kept, [...fresh.values()].toSorted(newestFirst));
}

function newestFirst(a: RunRow, b: RunRow): number {
  return b.createdAt - a.createdAt || (a.runId < b.runId ? 1 : a.runId > b.runId ? -1 : 0);
}

function mergeSorted(a: readonly RunRow[], b: readonly RunRow[]): RunRow[] {
  const out: RunRow[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(newestFirst(a[i], b[j]) <= 0 ? a[i++] : b[j++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

/** Applies the filter; `inputMatches` are run ids the server found by input text for the same search. */
export function filterRuns(runs: readonly RunRow[], filter: RunFilter, inputMatches?: ReadonlySet<string>): RunRow[] {
  const needle = filter.search?.trim().toLowerCase() ?? "";
  return runs.filter(
    (run) =>
      (!filter.workflow || run.workflowName === filter.workflow) &&
      (!filter.status || run.status === filter.status) &&
      (!needle ||
        run.runId.toLowerCase().includes(needle) ||
        run.workflowName.toLowerCase().includes(needle) ||
        inputMatches?.has(run.runId) === true),
  );
}

/** Workflow ids present in the list plus the known ones, sorted, for the filter dropdown. */
export function workflowOptions(runs: readonly RunRow[], known: readonly string[] = []): string[] {
  return [...new Set([...known, ...runs.map((run) => run.workflowName)])].toSorted();
}

/** Counts per status, for the filter chips. */
export function countByStatus(runs: readonly RunRow[]): Record<RunStatus, number> {
  const counts: Record<RunStatus, number> = { pending: 0, running: 0, completed: 0, failed: 0, cancelled: 0 };
  for (const run of runs) if (run.status in counts) counts[run.status]++;
  return counts;
}

function isRunRow(value: unknown): value is RunRow {
  const run = value as RunRow;
  return typeof run === "object" && run !== null && typeof run.runId === "string" && typeof run.createdAt === "number";
}
