import type { RunSummary, World } from "../world/world.ts";

/** Newer runs read at most per request: an old run's re-runs among more recent ones are not all looked for. */
const MAX_SCANNED = 2000;
const PAGE = 200;
const READ_CONCURRENCY = 16;

/** Re-runs of a run, newest first; `complete` is false when the scan stopped at its bound. */
export interface RerunsOf {
  data: RunSummary[];
  complete: boolean;
}

/**
 * Finds the re-runs of `origin`: runs whose `run_created` names it as their origin. A re-run is created after
 * its origin, so only runs created since are read, newest first, at most `MAX_SCANNED` of them. The world
 * keeps no index from a run to its re-runs, so this reads each newer run's log: the panel asks for it once
 * when a run opens.
 */
export async function findReruns(world: World, origin: RunSummary): Promise<RerunsOf> {
  const found: RunSummary[] = [];
  let cursor: string | undefined;
  let scanned = 0;
  for (;;) {
    const page = await world.listRuns({ limit: PAGE, cursor });
    const newer = page.data.filter((run) => run.createdAt >= origin.createdAt && run.runId !== origin.runId);
    for (let i = 0; i < newer.length; i += READ_CONCURRENCY) {
      const batch = newer.slice(i, i + READ_CONCURRENCY);
      const origins = await Promise.all(batch.map(async (run) => (await world.readEvents(run.runId, 0).catch(() => undefined))?.[0]));
      batch.forEach((run, j) => {
        const created = origins[j];
        if (created?.type === "run_created" && created.origin?.runId === origin.runId) found.push(run);
      });
    }
    scanned += newer.length;
    const reachedOrigin = page.data.some((run) => run.createdAt < origin.createdAt);
    if (reachedOrigin || !page.cursor) return { data: found, complete: true };
    if (scanned >= MAX_SCANNED) return { data: found, complete: false };
    cursor = page.cursor;
  }
}
