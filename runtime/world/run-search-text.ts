/** How much of a run's serialized input its search text keeps. */
export const SEARCH_INPUT_CHARS = 500;

/**
 * The text `ListRunsQuery.search` looks in: workflow name, run id and the start of the serialized input,
 * lower-cased once so a search compares without folding case per run.
 */
export function searchTextOf(workflowName: string, runId: string, input: unknown): string {
  const preview = typeof input === "string" ? input.slice(0, SEARCH_INPUT_CHARS) : "";
  return `${workflowName} ${runId} ${preview}`.toLowerCase();
}
