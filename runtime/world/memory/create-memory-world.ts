import { randomBytes } from "node:crypto";
import type { NewWorkflowEvent, RunCreatedEvent, RunStatus, WorkflowEvent } from "../../events/event.ts";
import { TERMINAL_RUN_EVENTS } from "../../events/event.ts";
import type { AppendOptions, HookRecord, QueueMessage, RunSummary, World, WorldChange } from "../world.ts";

interface StoredRun {
  events: WorkflowEvent[];
  summary: RunSummary;
  /** Correlation ids that already have their terminal event (duplicates are dropped). */
  settled: Set<string>;
}

const SETTLING = new Set(["step_completed", "wait_completed", "hook_disposed"]);
const STATUS_OF: Partial<Record<string, RunStatus>> = { run_started: "running", run_completed: "completed", run_failed: "failed", run_cancelled: "cancelled" };

/**
 * A World kept in memory: nothing survives the process. For fast engine tests and benchmarks that isolate the
 * engine from storage costs. `clock` drives timestamps and due times; after moving a fake clock forward,
 * call `tick()` to deliver what became due.
 * @example const world = createMemoryWorld(); const runtime = createRuntime({ world, workflowBundle });
 */
export function createMemoryWorld(options: { clock?: { now(): number } } = {}): World & { tick(): void } {
  const now = () => (options.clock ? options.clock.now() : Date.now());
  const runs = new Map<string, StoredRun>();
  const idempotency = new Map<string, string>();
  const hooks = new Map<string, HookRecord>();
  const queued = new Map<string, QueueMessage>();
  const listeners = new Set<(change: WorldChange) => void>();
  let handler: ((message: QueueMessage) => Promise<void>) | undefined;
  let concurrency = 1;
  let active = 0;
  let timer: NodeJS.Timeout | undefined;
  let seq = 0;
  const id = (prefix: string) => `${prefix}_${(now().toString(32).toUpperCase() + randomBytes(10).toString("hex").toUpperCase()).replace(/[ILOU]/g, "0").padEnd(26, "0").slice(0, 26)}`;
  const emit = (change: WorldChange) => listeners.forEach((listener) => listener(change));

  function pump(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!handler) return;
    let next = Infinity;
    for (const message of queued.values()) {
      if (active >= concurrency) return;
      if ((message as { claimed?: boolean }).claimed) continue;
      if (message.dueAt > now()) {
        next = Math.min(next, message.dueAt);
        continue;
      }
      (message as { claimed?: boolean }).claimed = true;
      active++;
      handler(message)
        .catch(() => ((message as { claimed?: boolean }).claimed = false))
        .finally(() => {
          active--;
          setImmediate(pump);
        });
    }
    if (Number.isFinite(next)) timer = setTimeout(pump, Math.max(0, next - now())).unref();
  }

  function append(runId: string, events: NewWorkflowEvent[], appendOptions: AppendOptions = {}): WorkflowEvent[] {
    const run = runs.get(runId);
    if (!run || (run.summary.status !== "pending" && run.summary.status !== "running")) return [];
    if (appendOptions.exact && !keepsAll(run, events)) return [];
    const stored: WorkflowEvent[] = [];
    for (const event of events) {
      const key = "correlationId" in event ? event.correlationId : undefined;
      const settles = SETTLING.has(event.type) || (event.type === "step_failed" && event.fatal);
      if (key && settles && run.settled.has(key)) continue;
      if (key && settles) run.settled.add(key);
      const full = { ...event, runId, eventId: `evnt_${String(++seq).padStart(26, "0")}`, createdAt: appendOptions.createdAt ?? now() } as WorkflowEvent;
      run.events.push(full);
      stored.push(full);
      const status = STATUS_OF[event.type];
      if (status) run.summary.status = status;
      if (event.type === "run_started") run.summary.startedAt ??= full.createdAt;
      if (TERMINAL_RUN_EVENTS.has(event.type)) {
        run.summary.completedAt = full.createdAt;
        break;
      }
    }
    run.summary.eventCount = run.events.length;
    emit({ type: "run", runId });
    return stored;
  }

  /** True when `append` would store every event (no duplicate terminal event, nothing after the run's end). */
  function keepsAll(run: StoredRun, events: NewWorkflowEvent[]): boolean {
    const settling = new Set<string>();
    for (const [index, event] of events.entries()) {
      const key = "correlationId" in event ? event.correlationId : undefined;
      if (key && (SETTLING.has(event.type) || (event.type === "step_failed" && event.fatal))) {
        if (run.settled.has(key) || settling.has(key)) return false;
        settling.add(key);
      }
      if (TERMINAL_RUN_EVENTS.has(event.type) && index < events.length - 1) return false;
    }
    return true;
  }

  return {
    async createRun(request) {
      const existing = request.idempotencyKey ? idempotency.get(request.idempotencyKey) : undefined;
      if (existing) return { runId: existing, created: false };
      const runId = id("wrun");
      const createdAt = now();
      const { firstEvents, ...fields } = request;
      const event = { type: "run_created", runId, eventId: `evnt_${String(++seq).padStart(26, "0")}`, createdAt, ...fields } as RunCreatedEvent;
      if (request.idempotencyKey) idempotency.set(request.idempotencyKey, runId);
      let more: NewWorkflowEvent[] = [];
      try {
        if (firstEvents) more = await firstEvents({ ...event });
      } catch (error) {
        if (request.idempotencyKey) idempotency.delete(request.idempotencyKey);
        throw error;
      }
      runs.set(runId, { events: [event], settled: new Set(), summary: { runId, workflowName: request.workflowName, status: "pending", createdAt, eventCount: 1 } });
      const stored = more.length > 0 ? append(runId, more, { createdAt }) : [];
      emit({ type: "run", runId });
      return { runId, created: true, events: [event, ...stored] };
    },
    appendEvents: async (runId, events, appendOptions) => append(runId, events, appendOptions),
    readEvents: async (runId, from = 0) => runs.get(runId)?.events.slice(from),
    getRun: async (runId) => {
      const run = runs.get(runId);
      return run ? { ...run.summary } : undefined;
    },
    async listRuns(query = {}) {
      const data = [...runs.values()].map((run) => ({ ...run.summary })).toReversed();
      return { data: data.filter((run) => (!query.workflowName || run.workflowName === query.workflowName) && (!query.status || run.status === query.status)).slice(0, query.limit ?? 100), cursor: null };
    },
    listActiveRunIds: async () => [...runs.values()].filter((run) => run.summary.status === "pending" || run.summary.status === "running").map((run) => run.summary.runId),
    hooks: {
      async claim(record) {
        const owner = hooks.get(record.token);
        const ownerRun = owner && runs.get(owner.runId);
        const live = owner && ownerRun && (ownerRun.summary.status === "pending" || ownerRun.summary.status === "running");
        if (live && (owner.runId !== record.runId || owner.hookId !== record.hookId)) return false;
        hooks.set(record.token, { ...record });
        return true;
      },
      async release(token, hookId) {
        if (hooks.get(token)?.hookId === hookId) hooks.delete(token);
      },
      get: async (token) => hooks.get(token),
      listByRun: async (runId) => [...hooks.values()].filter((hook) => hook.runId === runId),
    },
    queue: {
      async enqueue(message) {
        const current = queued.get(message.id) as (QueueMessage & { claimed?: boolean }) | undefined;
        if (current?.claimed) current.dueAt = message.dueAt;
        else queued.set(message.id, { ...message });
        setImmediate(pump);
      },
      async ack(messageId) {
        queued.delete(messageId);
      },
      consume(next, consumeOptions = {}) {
        handler = next;
        concurrency = Math.max(1, consumeOptions.concurrency ?? 16);
        setImmediate(pump);
        return () => {
          handler = undefined;
          if (timer) clearTimeout(timer);
        };
      },
    },
    streams: {
      write: async () => {},
      close: async () => {},
      // eslint-disable-next-line require-yield
      read: async function* () {},
    },
    watch(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    tick: () => pump(),
    async close() {
      handler = undefined;
      if (timer) clearTimeout(timer);
    },
  };
}
