import type { NewWorkflowEvent, RecordedError, RunCreatedEvent, RunOrigin, RunStatus, WorkflowEvent } from "../events/event.ts";

/**
 * A World stores runs and carries their work: the event logs, the hook token index, the durable queue
 * with its timers, and stream chunk logs. The engine talks to storage only through this interface, so the
 * filesystem world (default) and the PostgreSQL world are interchangeable.
 *
 * Contracts every implementation keeps:
 * - `appendEvents` is durable when its promise resolves (fsync'd / committed) and atomic per call.
 * - After a terminal run event (`run_completed|run_failed|run_cancelled`) nothing more is appended: such
 *   appends resolve to `[]`. A second terminal event for the same correlation id (e.g. two
 *   `step_completed` for one step, two `wait_completed`) is dropped, never stored.
 * - Operations cost the same however many runs are stored and however long a run's log is
 *   (no directory scans or whole-log reads on the hot path).
 * - Several processes may share one store.
 * - Messages given with a write (`AppendOptions.enqueue`, `CreateRunRequest.enqueue`) are queued together
 *   with the events that call stores, so a recorded outcome is never left without the work that follows it:
 *   in the same transaction (PostgreSQL), or once the events are durable and before the call resolves
 *   (filesystem, memory; see `AppendOptions.enqueue`). A call that stores no event queues none of them.
 */
export interface World {
  /** Creates a run by appending its `run_created` event; honours `idempotencyKey` atomically. */
  createRun(request: CreateRunRequest): Promise<CreateRunResult>;
  /**
   * Appends events to a run's log. Resolves with the stored events (ids and timestamps assigned). `options`
   * is optional; a world must honour it when given (see `AppendOptions`).
   */
  appendEvents(runId: string, events: NewWorkflowEvent[], options?: AppendOptions): Promise<WorkflowEvent[]>;
  /** Reads a run's events in order, starting at index `from` (default 0). Unknown run: `undefined`. */
  readEvents(runId: string, from?: number): Promise<WorkflowEvent[] | undefined>;
  /** The run's summary (a fold of its log, kept as a snapshot). Unknown run: `undefined`. */
  getRun(runId: string): Promise<RunSummary | undefined>;
  /** Lists runs newest first. */
  listRuns(query?: ListRunsQuery): Promise<Page<RunSummary>>;
  /** Ids of every run that has not reached a terminal status, for recovery on start. */
  listActiveRunIds(): Promise<string[]>;

  /** Hook tokens: unique among live hooks of all runs. */
  hooks: HookIndex;
  /** Durable queue of flow and step deliveries with millisecond timers. */
  queue: WorldQueue;
  /** Append-only chunk logs for `getWritable()` / `run.readable` and streams passed by reference. */
  streams: StreamStore;
  /** Which live process executes each run (see `RunOwners`). */
  owners: RunOwners;

  /** Calls `listener` when any process changes a run (for the devtools panel and cross-process readers). */
  watch(listener: (change: WorldChange) => void): () => void;
  /** Releases files, timers and connections. */
  close(): Promise<void>;
}

/** Options of `appendEvents`. */
export interface AppendOptions {
  /**
   * Timestamp for every event of the call, instead of the world's clock. The engine fixes it when it has
   * fed the events to the workflow before appending them (the workflow's `Date.now()` is the `createdAt`
   * of the event that resumed it, so the stored value must be the one it saw).
   */
  createdAt?: number;
  /**
   * All or nothing: when the world would drop any event of the call (a duplicate terminal event for a
   * correlation id, anything after the run ended), it stores none of them and resolves `[]`.
   */
  exact?: boolean;
  /**
   * Queue messages to record with the events, as `queue.enqueue` would (same dedupe by id, owner routing, due
   * times), durable when the call resolves. They are queued only when the call stores at least one event:
   * an append that stores nothing (the run has ended, `exact` refused the call, every event was a duplicate
   * outcome) queues nothing. Invalid messages make the call reject before anything is written.
   *
   * The PostgreSQL world adds the jobs in the append's transaction: both are committed or neither is. The
   * filesystem world writes the messages after the events are fsync'd and before the call resolves; a crash
   * between the two leaves events without their message, which is covered because a consuming runtime's
   * recovery re-derives every run's open work (steps to run or retry, sleeps to wake) from its log. A call
   * that rejects may have stored its events; messages it did not queue are re-derived the same way.
   */
  enqueue?: QueueMessage[];
}

export interface CreateRunRequest {
  workflowName: string;
  /** Serialized arguments. */
  input: string;
  seed: string;
  url?: string;
  idempotencyKey?: string;
  /**
   * The run this one re-runs, recorded on `run_created`. Called once the run's id is assigned (before
   * `firstEvents`), so the origin can name the new run's own correlation ids.
   */
  origin?: (runId: string) => RunOrigin;
  /**
   * Events to store right after `run_created`, in the same durable write (the engine passes the run's start
   * and its first calls, so a run begins with one write instead of two). Called once the run's id and
   * `createdAt` are assigned, before anything is written, and only when the run is really created (not when
   * `idempotencyKey` matches an existing run). The events are stored with `run_created`'s `createdAt`, as a
   * batch of their own after it. When it throws, `createRun` rejects and writes nothing.
   */
  firstEvents?: (runCreated: RunCreatedEvent) => Promise<NewWorkflowEvent[]> | NewWorkflowEvent[];
  /**
   * Queue messages to record with the run's creation, as `AppendOptions.enqueue` does for an append (in the
   * same transaction on PostgreSQL). Called once the run's id is assigned (after `firstEvents`), only when
   * the run is really created: a run found by its `idempotencyKey` queues nothing. When it throws or returns
   * an invalid message, `createRun` rejects and writes nothing.
   */
  enqueue?: (runCreated: RunCreatedEvent) => QueueMessage[];
}

export interface CreateRunResult {
  runId: string;
  /** False when `idempotencyKey` matched an existing run, whose id is returned. */
  created: boolean;
  /** When created: the stored events, `run_created` first, then those `firstEvents` returned. */
  events?: WorkflowEvent[];
}

export interface RunSummary {
  runId: string;
  workflowName: string;
  status: RunStatus;
  createdAt: number;
  startedAt?: number;
  completedAt?: number;
  /** Number of events in the log. */
  eventCount: number;
  /**
   * Set when the world cannot read the whole log (`ERR_CORRUPT_LOG`, naming the file and line): the run is
   * `failed` unless a terminal event was still readable, in which case it keeps that status.
   */
  error?: RecordedError;
}

export interface ListRunsQuery {
  workflowName?: string;
  status?: RunStatus;
  /**
   * Case-insensitive text the run's workflow name, run id or serialized input (its first 500 characters)
   * contains. Answered from an index the world keeps, never a scan of every run.
   */
  search?: string;
  /** Default 100. */
  limit?: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
}

export interface Page<T> {
  data: T[];
  cursor: string | null;
}

export interface HookRecord {
  token: string;
  runId: string;
  hookId: string;
  kind: "hook" | "webhook";
  /** Serialized metadata, when the hook had some. */
  metadata?: string;
  createdAt: number;
}

export interface HookIndex {
  /** Claims a token for a hook. Resolves `false` when another live hook already owns it. */
  claim(record: HookRecord): Promise<boolean>;
  /** Releases a token (hook disposed or its run ended). Only the owning hook's claim is removed. */
  release(token: string, hookId: string): Promise<void>;
  /** The live hook that owns a token, or undefined. */
  get(token: string): Promise<HookRecord | undefined>;
  /**
   * The live hook that owns a token once its `hook_created` is stored in its run's log, else undefined (a
   * token is claimed just before that append, and a claim can outlive a crash in between). Answered from an
   * index, without reading the log. Optional: without it, callers read the run's log.
   */
  getRecorded?(token: string): Promise<HookRecord | undefined>;
  /** Live hooks of one run. */
  listByRun(runId: string): Promise<HookRecord[]>;
}

/**
 * A unit of work. `id` is the dedupe key: enqueuing an id that is already queued replaces its due time.
 * `owner` routes it: while that owner (a `RunOwners.self`) is alive only its consumer receives the message;
 * once it is dead, any consumer may. Without `owner`, any consumer may.
 */
export type QueueMessage =
  | { kind: "flow"; id: string; runId: string; dueAt: number; owner?: string }
  | { kind: "step"; id: string; runId: string; correlationId: string; stepName: string; attempt: number; dueAt: number; owner?: string };

export interface WorldQueue {
  /** Durably records a message; it is delivered at or after `dueAt` (ms precision). */
  enqueue(message: QueueMessage): Promise<void>;
  /**
   * Withdraws a message that is no longer wanted: it is removed whether due or not and is not delivered (again);
   * unknown ids are ignored. Not part of delivery: the queue acknowledges a delivered message itself.
   */
  ack(id: string): Promise<void>;
  /**
   * Starts delivering due messages (including those left by a previous process) to `handler`,
   * at most `concurrency` at a time. The queue acknowledges (removes) a message when its handler resolves,
   * which the handler does only once the message's outcome is durable; a message whose handler throws stays
   * queued and is redelivered later, with a growing delay (backoff), without a restart.
   */
  consume(handler: (message: QueueMessage) => Promise<void>, options?: { concurrency?: number }): () => void;
}

/**
 * Run ownership: a run's hot path (its sandbox, suspended promises and in-process steps) lives in exactly one
 * live process, its owner, so no step attempt runs in two live processes. Owners stay alive by renewing (a
 * heartbeat, or the process itself on a one-machine store); a run whose owner died is orphaned, and another
 * process claims it within `RUN_TAKEOVER_MS` and rebuilds it from its log.
 */
/** A run whose owner died is claimed by another live process within this many ms. */
export const RUN_TAKEOVER_MS = 5_000;

export interface RunOwners {
  /** This world instance's owner id: unique per process and world instance, never reused. */
  readonly self: string;
  /**
   * Claims `runId` for `self` unless a live owner other than `self` holds it (a dead owner's claim is taken
   * over). Resolves the owner after the call: `self` when the run is ours.
   */
  claim(runId: string): Promise<string>;
  /** Drops `self`'s claim on `runId` (the run ended or left memory); another owner's claim is untouched. */
  release(runId: string): Promise<void>;
  /** True while `owner` is alive. */
  isAlive(owner: string): Promise<boolean>;
  /** Active (non-terminal) runs whose claim is missing or held by a dead owner: the runs to take over. */
  listOrphaned(): Promise<string[]>;
  /**
   * Whether `self` still owns `runId`, asked before each step attempt it would start. A world whose owners
   * stay alive by a lease answers `true` at once while the lease has been renewed without a gap since it last
   * saw the claim. After a gap (renewals failed or came late, so another process may have taken the run
   * over) it waits until the lease is renewed, claims the run again and answers whether it is still
   * `self`'s. Optional: without it, a claim holds for as long as its process lives.
   */
  confirm?(runId: string): boolean | Promise<boolean>;
}

export interface StreamStore {
  /** Appends chunks to a named stream. */
  write(name: string, chunks: Uint8Array[]): Promise<void>;
  /** Marks the stream closed; readers finish after the last chunk. */
  close(name: string): Promise<void>;
  /** Reads chunks from `startIndex` (default 0), then tails live until the stream closes. */
  read(name: string, options?: { startIndex?: number; signal?: AbortSignal }): AsyncIterable<Uint8Array>;
}

export type WorldChange =
  /**
   * A run's log or summary changed. `ended` is set when the world knows, without reading the summary again,
   * whether the run now has a terminal status (it tells its own writes); absent means unknown.
   */
  | { type: "run"; runId: string; ended?: boolean }
  | { type: "stream"; name: string }
  | { type: "hook"; token: string };
