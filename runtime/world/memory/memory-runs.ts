import type { NewWorkflowEvent, RunCreatedEvent, WorkflowEvent } from "../../events/event.ts";
import { settlementKey, settlingKey } from "../../events/settling-events.ts";
import { isTerminalRunEvent, isTerminalStatus, terminalStatusOf } from "../../events/terminal-events.ts";
import { searchTextOf } from "../run-search-text.ts";
import type { AppendOptions, CreateRunResult, ListRunsQuery, Page, RunSummary, World, WorldChange } from "../world.ts";

interface StoredRun {
  events: WorkflowEvent[];
  /** Lower-cased workflow name, run id and input preview, for `ListRunsQuery.search`. */
  searchText: string;
  summary: RunSummary;
  /** Settlement keys (`settlingKey`) already in the log: a second settling event for one is dropped. */
  settled: Set<string>;
  /** Hook ids whose `hook_created` is in the log. */
  createdHooks: Set<string>;
}

/** Options of `createMemoryRuns`. */
export interface MemoryRunsOptions {
  now(): number;
  ulid(): string;
  emit(change: WorldChange): void;
}

/**
 * Run logs in memory with the World's log rules: appends are atomic, nothing follows a terminal run event, a
 * second settling event for one correlation is dropped, `exact` appends are all or nothing, and one
 * idempotency key creates one run even when creates race.
 */
export function createMemoryRuns(options: MemoryRunsOptions) {
  const { now, ulid, emit } = options;
  const runs = new Map<string, StoredRun>();
  /** Run ids newest first (the order `listRuns` pages through). */
  const newestFirst: string[] = [];
  const idempotency = new Map<string, Promise<CreateRunResult>>();
  const isActive = (run: StoredRun | undefined) => run !== undefined && !isTerminalStatus(run.summary.status);

  function append(runId: string, events: NewWorkflowEvent[], appendOptions: AppendOptions = {}): WorkflowEvent[] {
    const run = runs.get(runId);
    if (!run || !isActive(run)) return [];
    if (appendOptions.exact && !keepsAll(run, events)) return [];
    const stored: WorkflowEvent[] = [];
    for (const event of events) {
      const key = settlingKey(event as { type: string; correlationId?: string; fatal?: boolean });
      if (key !== undefined && run.settled.has(key)) continue;
      if (key !== undefined) run.settled.add(key);
      const full = { ...event, runId, eventId: `evnt_${ulid()}`, createdAt: appendOptions.createdAt ?? now() } as WorkflowEvent;
      run.events.push(full);
      stored.push(full);
      if (full.type === "hook_created") run.createdHooks.add(full.correlationId);
      if (full.type === "run_started" && run.summary.status === "pending") {
        run.summary.status = "running";
        run.summary.startedAt ??= full.createdAt;
      }
      const terminal = terminalStatusOf(full.type);
      if (terminal) {
        run.summary.status = terminal;
        run.summary.completedAt = full.createdAt;
        break;
      }
    }
    run.summary.eventCount = run.events.length;
    if (stored.length > 0) emit({ type: "run", runId });
    return stored;
  }

  /** True when `append` would store every event (no duplicate settling event, nothing after the run's end). */
  function keepsAll(run: StoredRun, events: NewWorkflowEvent[]): boolean {
    const settling = new Set<string>();
    for (const [index, event] of events.entries()) {
      const key = settlingKey(event as { type: string; correlationId?: string; fatal?: boolean });
      if (key !== undefined && (run.settled.has(key) || settling.has(key))) return false;
      if (key !== undefined) settling.add(key);
      if (isTerminalRunEvent(event) && index < events.length - 1) return false;
    }
    return true;
  }

  const createRun: World["createRun"] = (request) => {
    const key = request.idempotencyKey;
    const existing = key === undefined ? undefined : idempotency.get(key);
    if (existing) return existing.then((result) => ({ runId: result.runId, created: false }));
    const creation = create(request);
    if (key === undefined) return creation;
    idempotency.set(key, creation);
    // A creation that failed stored nothing: the key is free again.
    creation.catch(() => idempotency.get(key) === creation && idempotency.delete(key));
    return creation;
  };

  async function create(request: Parameters<World["createRun"]>[0]): Promise<CreateRunResult> {
    const runId = `wrun_${ulid()}`;
    const createdAt = now();
    const { firstEvents, origin, ...fields } = request;
    const event = { ...fields, ...(origin ? { origin: origin(runId) } : {}), type: "run_created", runId, eventId: `evnt_${ulid()}`, createdAt } as RunCreatedEvent;
    const more = firstEvents ? await firstEvents({ ...event }) : [];
    runs.set(runId, { events: [event], searchText: searchTextOf(request.workflowName, runId, request.input), settled: new Set(), createdHooks: new Set(), summary: { runId, workflowName: request.workflowName, status: "pending", createdAt, eventCount: 1 } });
    newestFirst.unshift(runId);
    const stored = more.length > 0 ? append(runId, more, { createdAt }) : [];
    emit({ type: "run", runId });
    return { runId, created: true, events: [event, ...stored] };
  }

  async function listRuns(query: ListRunsQuery = {}): Promise<Page<RunSummary>> {
    const limit = query.limit ?? 100;
    // The cursor is the last run id of the previous page; runs are never removed, so it stays valid.
    const after = query.cursor ? newestFirst.indexOf(query.cursor) + 1 : 0;
    const data: RunSummary[] = [];
    let index = after;
    for (; index < newestFirst.length && data.length < limit; index++) {
      const run = runs.get(newestFirst[index])!;
      if (matches(run, query)) data.push({ ...run.summary });
    }
    const more = newestFirst.slice(index).some((runId) => matches(runs.get(runId)!, query));
    return { data, cursor: more && data.length > 0 ? data.at(-1)!.runId : null };
  }

  return {
    createRun,
    appendEvents: async (runId: string, events: NewWorkflowEvent[], appendOptions?: AppendOptions) => append(runId, events, appendOptions),
    readEvents: async (runId: string, from = 0) => runs.get(runId)?.events.slice(from),
    getRun: async (runId: string) => {
      const run = runs.get(runId);
      return run ? { ...run.summary } : undefined;
    },
    listRuns,
    listActiveRunIds: async () => newestFirst.filter((runId) => isActive(runs.get(runId))).toReversed(),
    /** True while the run has not ended. */
    isRunActive: (runId: string) => isActive(runs.get(runId)),
    /** True while the hook's run has not ended and its log has no `hook_disposed` for it. */
    /** True once the hook's `hook_created` is in its run's log. */
    isHookRecorded: (runId: string, hookId: string) => runs.get(runId)?.createdHooks.has(hookId) === true,
    isHookLive: (runId: string, hookId: string) => {
      const run = runs.get(runId);
      return isActive(run) && !run!.settled.has(settlementKey("hook", hookId));
    },
  };
}

function matches(run: StoredRun, query: ListRunsQuery): boolean {
  const { summary } = run;
  const needle = query.search?.trim().toLowerCase();
  return (
    (query.workflowName === undefined || summary.workflowName === query.workflowName) &&
    (query.status === undefined || summary.status === query.status) &&
    (!needle || run.searchText.includes(needle))
  );
}
