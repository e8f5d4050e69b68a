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
 */
export function mergeRuns(current: readonly RunRow[], updates: readonly RunRow[]): RunRow[] {
  if (updates.length === 0) return current as RunRow[];
  const byId = new Map(current.map((run) => [run.runId, run]));
  for (const run of updates) {
    if (!isRunRow(run)) continue;
    const existing = byId.get(run.runId);
    if (!existing || run.eventCount >= existing.eventCount) byId.set(run.runId, run);
  }
  return [...byId.values()].toSorted((a, b) => b.createdAt - a.createdAt || (a.runId < b.runId ? 1 : -1));
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
