import type { RunStatus } from "../events/event.ts";
import type { Page, RunSummary } from "../world/world.ts";
import type { DevtoolsApiContext } from "./devtools-api-context.ts";

/** How many stored runs one search request may look at before it returns a cursor to continue. */
const SCAN_BUDGET = 5000;
const INPUT_CACHE_LIMIT = 50_000;

/**
 * Finds runs whose id or recorded input contains `search` (case-insensitive), newest first. The World has
 * no text index, so this scans pages of summaries and reads each candidate's first event once; inputs are
 * cached because they never change.
 */
export async function searchRuns(
  ctx: DevtoolsApiContext,
  query: { workflowName?: string; status?: RunStatus; limit: number; cursor?: string; search: string },
): Promise<Page<RunSummary>> {
  const needle = query.search.toLowerCase();
  const data: RunSummary[] = [];
  let cursor: string | null | undefined = query.cursor;
  let scanned = 0;
  do {
    const page: Page<RunSummary> = await ctx.world.listRuns({
      workflowName: query.workflowName,
      status: query.status,
      limit: 200,
      cursor: cursor ?? undefined,
    });
    scanned += page.data.length;
    const inputs = await Promise.all(page.data.map((run) => inputOf(ctx, run.runId)));
    page.data.forEach((run, i) => {
      if (run.runId.toLowerCase().includes(needle) || inputs[i].toLowerCase().includes(needle)) data.push(run);
    });
    cursor = page.cursor;
  } while (cursor && data.length < query.limit && scanned < SCAN_BUDGET);
  return { data, cursor: cursor ?? null };
}

async function inputOf(ctx: DevtoolsApiContext, runId: string): Promise<string> {
  const cached = ctx.inputCache.get(runId);
  if (cached !== undefined) return cached;
  const events = await ctx.world.readEvents(runId, 0).catch(() => undefined);
  const first = events?.[0];
  const input = first && first.type === "run_created" && typeof first.input === "string" ? first.input : "";
  if (ctx.inputCache.size >= INPUT_CACHE_LIMIT) ctx.inputCache.clear();
  ctx.inputCache.set(runId, input);
  return input;
}
