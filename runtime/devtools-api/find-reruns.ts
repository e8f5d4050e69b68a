import type { RunSummary, World } from "../world/world.ts";

/** Newer runs read at most per request: an old run's re-runs among more recent ones are not all looked for. */
const MAX_SCANNED = 2000;
const PAGE = 200;
const READ_CONCURRENCY = 16;
/** Origins remembered per world; past this many the memory starts over. */
const MAX_REMEMBERED = 50_000;

/** A run's origin (its re-run source's id, or null) never changes once created, so each run's log is read once. */
const originsByWorld = new WeakMap<World, Map<string, string | null>>();

/** Re-runs of a run, newest first; `complete` is false when the scan stopped at its bound. */
export interface RerunsOf {
  data: RunSummary[];
  complete: boolean;
}

/**
 * Finds the re-runs of `origin`: runs whose `run_created` names it as their origin. A re-run is created after
 * its origin, so only runs created since are read, newest first, at most `MAX_SCANNED` of them. The world
 * keeps no index from a run to its re-runs, so this reads each newer run's log, once per process (an origin
 * never changes): the panel asks for it when a run opens.
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
      const origins = await Promise.all(batch.map((run) => originOf(world, run.runId)));
      batch.forEach((run, j) => {
        if (origins[j] === origin.runId) found.push(run);
      });
    }
    scanned += newer.length;
    const reachedOrigin = page.data.some((run) => run.createdAt < origin.createdAt);
    if (reachedOrigin || !page.cursor) return { data: found, complete: true };
    if (scanned >= MAX_SCANNED) return { data: found, complete: false };
    cursor = page.cursor;
  }
}

/** The id of the run `runId` re-runs, null when it is not a re-run, undefined when its log cannot be read now. */
async function originOf(world: World, runId: string): Promise<string | null | undefined> {
  let origins = originsByWorld.get(world);
  if (!origins) originsByWorld.set(world, (origins = new Map()));
  const known = origins.get(runId);
  if (known !== undefined) return known;
  const created = (await world.readEvents(runId, 0).catch(() => undefined))?.[0];
  if (created?.type !== "run_created") return undefined;
  if (origins.size >= MAX_REMEMBERED) origins.clear();
  const origin = created.origin?.runId ?? null;
  origins.set(runId, origin);
  return origin;
}
