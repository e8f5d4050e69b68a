import { promises as fsp } from "node:fs";
import { join } from "node:path";
import type { RecordedError, RunStatus, WorkflowEvent } from "../events/event.ts";
import { isRunId, runUlidOf } from "../events/ids.ts";
import { reduceRun, type RunState } from "../events/reduce-run.ts";
import { createWorld } from "../world/create-world.ts";
import { describeTarget } from "../world/postgres/postgres-errors.ts";
import type { ListRunsQuery, RunSummary, World } from "../world/world.ts";
import type { Warn } from "./hydrate.ts";
import { createPostgresStreamListing } from "./postgres-stream-listing.ts";
import type { InspectStore } from "./resolve-store.ts";
import { summaryOfState } from "./to-json.ts";

/** A run as listed: the world's summary; `unknown` status when not even its first event could be read. */
export type RunListItem = Omit<RunSummary, "status"> & { status: RunStatus | "unknown" };

/** A run read in full: its events (what could be read) and their fold. */
export interface LoadedRun {
  events: WorkflowEvent[];
  state: RunState;
  /** The world's report of an unreadable line in the run's log (`ERR_CORRUPT_LOG`), when it has one. */
  damage?: RecordedError;
}

/** A stream stored in the world. */
export interface StoredStream {
  name: string;
  chunks: number;
  closed: boolean;
}

/**
 * Read access for the commands, on top of the World API, that never gives up on damaged data: when the world
 * refuses a run (a corrupt log), the run's log file is read line by line and every readable event is kept,
 * with a warning. The file-level fallbacks and the stream listing know the filesystem world's layout
 * (`runs/<runId>/events.jsonl`, `streams/<name>/`); on PostgreSQL the fallbacks find nothing more and
 * streams are listed from the world's `streams` table.
 */
export interface Inspector {
  world: World;
  /** Where the runs are read from, for messages: the data directory, or the schema and database. */
  location: string;
  listRuns(query: ListRunsQuery): Promise<{ data: RunListItem[]; cursor: string | null }>;
  /** The run's events and their fold; undefined for an unknown run. */
  loadRun(runId: string): Promise<LoadedRun | undefined>;
  /** Ids of runs that are not finished (pending or running). */
  listActiveRunIds(): Promise<string[]>;
  /** Streams whose names carry this run's id, plus `extraNames` that exist (streams passed by reference). */
  listRunStreams(runId: string, extraNames?: Iterable<string>): Promise<StoredStream[]>;
  /** True when a stream of this name was ever written or closed. */
  streamExists(name: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Opens the world of `store` (a data directory or a PostgreSQL schema) with the tolerant readers above. */
export async function openInspector(options: { store: InspectStore; warn: Warn }): Promise<Inspector> {
  const { store, warn } = options;
  if (store.kind === "postgres") return openPostgresInspector(store, warn);
  const { dataDir } = store;
  const world = await createWorld({ dataDir, target: "embedded" });
  const runsDir = join(dataDir, "runs");
  const streamsDir = join(dataDir, "streams");

  /** Every event line of a log that parses, skipping damaged lines (counted in one warning). */
  async function readLogFile(runId: string): Promise<WorkflowEvent[] | undefined> {
    let text: string;
    try {
      text = await fsp.readFile(join(runsDir, runId, "events.jsonl"), "utf8");
    } catch {
      return undefined;
    }
    const lines = text.split("\n");
    // The last piece has no newline yet: a write in progress or torn by a crash, not damage.
    lines.pop();
    const events: WorkflowEvent[] = [];
    let skipped = 0;
    for (const line of lines) {
      try {
        const value = JSON.parse(line) as (WorkflowEvent & { $more?: boolean }) | null;
        if (value === null || typeof value !== "object" || typeof value.type !== "string") throw new TypeError("not an event");
        delete value.$more;
        events.push(value);
      } catch {
        skipped++;
      }
    }
    if (skipped > 0) warn(`run ${runId}: skipped ${skipped} unreadable line${skipped === 1 ? "" : "s"} of its event log`);
    return events;
  }

  async function readEvents(runId: string): Promise<WorkflowEvent[] | undefined> {
    try {
      return await world.readEvents(runId);
    } catch (error) {
      warn(`run ${runId}: ${firstLine(error)}`);
      return readLogFile(runId);
    }
  }

  async function summaryOf(runId: string): Promise<RunListItem | undefined> {
    try {
      return await world.getRun(runId);
    } catch (error) {
      warn(`run ${runId}: ${firstLine(error)}`);
    }
    const events = await readLogFile(runId);
    return events ? summaryOfState(runId, reduceRun(events)) : undefined;
  }

  /** Newest-first listing done run by run, so one damaged run cannot hide the others. */
  async function listRunsSlowly(query: ListRunsQuery): Promise<{ data: RunListItem[]; cursor: string | null }> {
    const limit = query.limit ?? 20;
    const names = (await fsp.readdir(runsDir).catch(() => [] as string[])).filter(isRunId).toSorted().toReversed();
    const data: RunListItem[] = [];
    let index = query.cursor ? names.findIndex((name) => name < query.cursor!) : 0;
    if (index === -1) index = names.length;
    for (; index < names.length && data.length < limit; index++) {
      const summary = await summaryOf(names[index]);
      if (!summary) continue;
      if (query.workflowName !== undefined && summary.workflowName !== query.workflowName) continue;
      if (query.status !== undefined && summary.status !== query.status) continue;
      data.push(summary);
    }
    return { data, cursor: data.length === limit && index < names.length ? data[data.length - 1].runId : null };
  }

  async function countChunks(name: string): Promise<number> {
    const text = await fsp.readFile(join(streamsDir, name, "chunks.jsonl"), "utf8").catch(() => "");
    let count = 0;
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) count++;
    return count;
  }

  async function describeStream(name: string): Promise<StoredStream> {
    const [chunks, closed] = await Promise.all([
      countChunks(name),
      fsp.access(join(streamsDir, name, "closed")).then(
        () => true,
        () => false,
      ),
    ]);
    return { name, chunks, closed };
  }

  return {
    world,
    location: dataDir,
    async listRuns(query) {
      try {
        const page = await world.listRuns(query);
        for (const run of page.data) if (run.error) warn(`run ${run.runId}: ${firstLine(run.error.message)}`);
        return page;
      } catch (error) {
        warn(`listing runs failed (${firstLine(error)}); reading them one by one`);
        return listRunsSlowly(query);
      }
    },
    async loadRun(runId) {
      if (!isRunId(runId)) return undefined;
      const [events, summary] = await Promise.all([readEvents(runId), world.getRun(runId).catch(() => undefined)]);
      if (!events || events.length === 0) return undefined;
      if (!summary?.error) return { events, state: reduceRun(events) };
      warn(`run ${runId}: ${firstLine(summary.error.message)}`);
      return { events, state: reduceRun(events), damage: summary.error };
    },
    async listActiveRunIds() {
      try {
        return await world.listActiveRunIds();
      } catch (error) {
        warn(`listing active runs failed (${firstLine(error)}); checking every run`);
        const ids: string[] = [];
        for (const name of await fsp.readdir(runsDir).catch(() => [] as string[])) {
          if (!isRunId(name)) continue;
          const summary = await summaryOf(name);
          if (summary && (summary.status === "pending" || summary.status === "running")) ids.push(name);
        }
        return ids;
      }
    },
    async listRunStreams(runId, extraNames = []) {
      const prefix = `strm_${runUlidOf(runId) ?? ""}_`;
      const entries = await fsp.readdir(streamsDir).catch(() => [] as string[]);
      const names = new Set(entries.filter((name) => name.startsWith(prefix)));
      for (const name of extraNames) if (entries.includes(name)) names.add(name);
      return Promise.all([...names].toSorted().map(describeStream));
    },
    async streamExists(name) {
      if (!/^[A-Za-z0-9_-]{1,160}$/.test(name)) return false;
      return fsp.stat(join(streamsDir, name)).then(
        (stat) => stat.isDirectory(),
        () => false,
      );
    },
    close: () => world.close(),
  };
}

/** The inspector of a PostgreSQL world: its own reads, which report damage as errors instead of hiding it. */
async function openPostgresInspector(store: Extract<InspectStore, { kind: "postgres" }>, warn: Warn): Promise<Inspector> {
  const world = await createWorld({ target: "postgres", url: store.url, schema: store.schema, pool: 2 });
  const streams = createPostgresStreamListing(store);
  return {
    world,
    location: `PostgreSQL schema "${store.schema}" on ${describeTarget(store.url)}`,
    async listRuns(query) {
      const page = await world.listRuns(query);
      for (const run of page.data) if (run.error) warn(`run ${run.runId}: ${firstLine(run.error.message)}`);
      return page;
    },
    async loadRun(runId) {
      if (!isRunId(runId)) return undefined;
      const events = await world.readEvents(runId);
      return events && events.length > 0 ? { events, state: reduceRun(events) } : undefined;
    },
    listActiveRunIds: () => world.listActiveRunIds(),
    listRunStreams: (runId, extraNames = []) => streams.list(`strm_${runUlidOf(runId) ?? ""}_`, extraNames),
    streamExists: (name) => streams.exists(name),
    async close() {
      await streams.close();
      await world.close();
    },
  };
}

/** The first line of an error's message (world errors append a "Learn more" link). */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0];
}
