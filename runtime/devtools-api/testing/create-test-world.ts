import type { NewWorkflowEvent, RunStatus, WorkflowEvent } from "../../events/event.ts";
import type { HookRecord, RunSummary, World, WorldChange } from "../../world/world.ts";

/**
 * A small in-memory World for the devtools API tests: enough storage semantics (ordered logs, summaries,
 * token index, stream chunk logs that tail live, change notices) to drive every route without disk.
 */
export function createTestWorld(): World & { emit(change: WorldChange): void } {
  const logs = new Map<string, WorkflowEvent[]>();
  const hooks = new Map<string, HookRecord>();
  const streams = new Map<string, { chunks: Uint8Array[]; closed: boolean; waiters: Set<() => void> }>();
  const listeners = new Set<(change: WorldChange) => void>();
  let clock = 1_700_000_000_000;
  let counter = 0;

  const emit = (change: WorldChange) => {
    for (const listener of listeners) listener(change);
  };
  const nextId = (prefix: string) => `${prefix}_${String(++counter).padStart(26, "0")}`;
  const summary = (runId: string): RunSummary | undefined => {
    const log = logs.get(runId);
    const created = log?.[0];
    if (!log || !created || created.type !== "run_created") return undefined;
    let status: RunStatus = "pending";
    let startedAt: number | undefined;
    let completedAt: number | undefined;
    for (const event of log) {
      if (event.type === "run_started") {
        status = "running";
        startedAt = event.createdAt;
      } else if (event.type === "run_completed" || event.type === "run_failed" || event.type === "run_cancelled") {
        status = event.type === "run_completed" ? "completed" : event.type === "run_failed" ? "failed" : "cancelled";
        completedAt = event.createdAt;
      }
    }
    return { runId, workflowName: created.workflowName, status, createdAt: created.createdAt, startedAt, completedAt, eventCount: log.length };
  };
  const stream = (name: string) => {
    let entry = streams.get(name);
    if (!entry) streams.set(name, (entry = { chunks: [], closed: false, waiters: new Set() }));
    return entry;
  };
  const wakeStream = (name: string) => {
    const entry = stream(name);
    for (const waiter of entry.waiters) waiter();
    entry.waiters.clear();
    emit({ type: "stream", name });
  };

  const world: World & { emit(change: WorldChange): void } = {
    emit,
    async createRun(request) {
      const runId = nextId("wrun");
      logs.set(runId, []);
      await world.appendEvents(runId, [
        { type: "run_created", workflowName: request.workflowName, input: request.input, seed: request.seed, url: request.url },
      ]);
      return { runId, created: true };
    },
    async appendEvents(runId, events: NewWorkflowEvent[]) {
      const log = logs.get(runId);
      if (!log) throw new Error(`unknown run ${runId}`);
      const stored = events.map((event) => ({ ...event, runId, eventId: nextId("evnt"), createdAt: (clock += 10) }) as WorkflowEvent);
      log.push(...stored);
      emit({ type: "run", runId });
      return stored;
    },
    async readEvents(runId, from = 0) {
      return logs.get(runId)?.slice(from);
    },
    async getRun(runId) {
      return summary(runId);
    },
    async listRuns(query = {}) {
      const all = [...logs.keys()].toReversed().map((id) => summary(id)!).filter(Boolean)
        .filter((run) => !query.workflowName || run.workflowName === query.workflowName)
        .filter((run) => !query.status || run.status === query.status);
      const start = query.cursor ? Number(query.cursor) : 0;
      const limit = query.limit ?? 100;
      const data = all.slice(start, start + limit);
      return { data, cursor: start + limit < all.length ? String(start + limit) : null };
    },
    async listActiveRunIds() {
      return [...logs.keys()].filter((id) => {
        const status = summary(id)?.status;
        return status === "pending" || status === "running";
      });
    },
    hooks: {
      async claim(record) {
        if (hooks.has(record.token)) return false;
        hooks.set(record.token, record);
        return true;
      },
      async release(token, hookId) {
        if (hooks.get(token)?.hookId === hookId) hooks.delete(token);
      },
      async get(token) {
        return hooks.get(token);
      },
      async listByRun(runId) {
        return [...hooks.values()].filter((hook) => hook.runId === runId);
      },
    },
    queue: {
      async enqueue() {},
      async ack() {},
      consume: () => () => {},
    },
    streams: {
      async write(name, chunks) {
        stream(name).chunks.push(...chunks);
        wakeStream(name);
      },
      async close(name) {
        stream(name).closed = true;
        wakeStream(name);
      },
      async *read(name, options = {}) {
        let index = options.startIndex ?? 0;
        const entry = stream(name);
        for (;;) {
          while (index < entry.chunks.length) yield entry.chunks[index++];
          if (entry.closed || options.signal?.aborted) return;
          await new Promise<void>((resolve) => {
            entry.waiters.add(resolve);
            options.signal?.addEventListener("abort", () => resolve(), { once: true });
          });
        }
      },
    },
    watch(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
    },
  };
  return world;
}
