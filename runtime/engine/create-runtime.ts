import { randomBytes } from "node:crypto";
import { serializeAsync } from "../serialization/serialize.ts";
import { registerFetchStep } from "../fetch/fetch-step.ts";
import { createStreamPending } from "../streams/stream-pending.ts";
import { attachRunLog } from "../streams/read-visible-records.ts";
import { registerReadBodyStep } from "../web/read-body-step.ts";
import { hostTypes } from "./boundary-types.ts";
import { compileWorkflowBundle, type CompiledWorkflowBundle, type WorkflowBundleSource } from "../sandbox/compile-workflow-bundle.ts";
import { createSandboxPool } from "../sandbox/create-sandbox-pool.ts";
import type { Sandbox } from "../sandbox/create-sandbox.ts";
import type { RunCreatedEvent, WorkflowEvent } from "../events/event.ts";
import type { QueueMessage, World } from "../world/world.ts";
import { runMessageId } from "./correlation-id.ts";
import { type EngineCore, forwardToOwner } from "./engine-core.ts";
import { handleFlowMessage } from "./handle-flow-message.ts";
import { handleStepMessage } from "./handle-step-message.ts";
import { createLimiter } from "./create-limiter.ts";
import { createLiveRuns } from "./live-runs.ts";
import { createRunControl, type HookInfo } from "./run-control.ts";
import { createRunWaiters } from "./run-waiters.ts";
import { startOrphanTakeover } from "./take-over-orphans.ts";
import { createDebug } from "../debug/create-debug.ts";
import { backoffMs, createRedeliverLater } from "./redeliver-later.ts";

const debug = createDebug("vite-workflow:engine");

/** Options of `createRuntime`. */
export interface RuntimeOptions {
  /** Where runs are stored and work is queued (see `createWorld()`). */
  world: World;
  /** Returns the current workflow bundle; called when a run needs a new sandbox (cache it on your side). */
  workflowBundle: () => Promise<WorkflowBundleSource> | WorkflowBundleSource;
  /** Base URL runs are started under (`getWorkflowMetadata().url`, webhook URLs). Default: `http://localhost:3000`. */
  url?: string;
  /** Most queue deliveries (steps and flow messages) handled at once by this process. Default: 64. */
  stepConcurrency?: number;
  /** Source of "now" for due times and retries; inject a fake clock in tests. Default: `Date.now`. */
  clock?: { now(): number };
  /** Runs kept in memory (LRU); others are rebuilt by replay. `0` replays for every event. Default: 1000. */
  maxLiveRuns?: number;
  /** Consume the world's queue and recover unfinished runs right away. Default: `true`. */
  consume?: boolean;
  /** Sandboxes kept prepared for new runs; bursts of starts raise it for a while, up to 16. Default: 2. */
  sandboxPoolSize?: number;
}

/** The engine of one process over one world (see `createRuntime`). */
export interface Runtime {
  readonly world: World;
  /** Base URL runs are started under. */
  readonly url: string;
  /**
   * Records a new run (`run_created`) and queues its first execution; resolves once both are durable.
   * With an `idempotencyKey` that an existing run holds, returns that run instead (`created: false`).
   */
  start(workflowName: string, args?: unknown[], startOptions?: { idempotencyKey?: string }): Promise<{ runId: string; created: boolean }>;
  /** Handles one queue delivery (also what the `/flow` and `/step` routes call). */
  handleMessage(message: QueueMessage): Promise<void>;
  /** Queues a flow message for every unfinished run, so each resumes from its log. */
  recover(): Promise<void>;
  /** The live hook that owns `token`; throws `HookNotFoundError` for an unknown one. */
  getHookByToken(token: string): Promise<HookInfo>;
  /** Records a payload for the hook that owns `token` (`hook_received`) and resumes its run. */
  resumeHook(token: string, payload: unknown): Promise<HookInfo>;
  /** Delivers an HTTP request to the webhook that owns `token`; resolves with the response for its sender. */
  resumeWebhook(token: string, request: Request): Promise<Response>;
  /** Completes a sleep now (`wait_completed`) and resumes its run; a sleep already over is left as is. */
  wake(runId: string, waitId: string): Promise<void>;
  /** Names of the user streams a run opened (from its log), for the devtools panel and the CLI. */
  listStreams(runId: string): Promise<string[]>;
  /** Cancels a run: `run_cancelled` is appended, its queued work is dropped. A finished run is left as is. */
  cancel(runId: string, reason?: string): Promise<void>;
  /** Resolves once the run has ended (in this process or another one sharing the world). */
  waitForRun(runId: string): Promise<void>;
  /** The run's terminal event, or undefined while it runs. Throws for an unknown run. */
  readOutcome(runId: string): Promise<WorkflowEvent | undefined>;
  /** Stops consuming the queue and waits for deliveries in progress. Does not close the world. */
  close(): Promise<void>;
}

/**
 * Creates the engine that executes workflow runs against a world: it consumes the world's queue (flow and
 * step deliveries), keeps live runs in memory and resumes them as their events are appended, and rebuilds
 * runs by replaying their logs after a restart or an eviction.
 * @example const runtime = createRuntime({ world: createWorld(), workflowBundle: () => ({ code }) });
 */
export function createRuntime(options: RuntimeOptions): Runtime {
  const { world } = options;
  // The builtin steps: `fetch` from "workflow" and body reads of Request/Response in workflow code.
  registerFetchStep();
  registerReadBodyStep();
  // Stream readers over this world skip chunks of step attempts its run logs show as superseded.
  attachRunLog(world.streams, (runId, from) => world.readEvents(runId, from));
  const url = options.url ?? "http://localhost:3000";
  const now = options.clock ? () => options.clock!.now() : Date.now;
  const pool = createSandboxPool({ size: options.sandboxPoolSize });
  const waiters = createRunWaiters(world);
  const stepsInFlight: EngineCore["stepsInFlight"] = new Map();
  const timers = new Set<NodeJS.Timeout>();
  const handling = new Set<Promise<void>>();
  let compiled: { code: string; bundle: CompiledWorkflowBundle } | undefined;
  const limit = createLimiter(options.stepConcurrency ?? 64);
  /**
   * The sandbox for the next run `start()` creates, taken from the pool once the current run is durable. The
   * pool prepares a replacement for every sandbox taken (a millisecond of CPU or more, on the next
   * macrotask): taken then, that work runs after the current run's first steps went on in microtasks, not
   * while its creation waits for the disk (where it held back the creation's completion when it took longer
   * than the disk), nor inside the next run's first workflow segment, which waits for a macrotask too.
   */
  let reservedSandbox: Sandbox | undefined;

  async function currentBundle(): Promise<CompiledWorkflowBundle> {
    const source = await options.workflowBundle();
    if (!compiled || compiled.code !== source.code) compiled = { code: source.code, bundle: compileWorkflowBundle(source) };
    return compiled.bundle;
  }

  const liveRuns = createLiveRuns({
    world,
    now,
    url,
    maxLiveRuns: options.maxLiveRuns ?? 1000,
    takeSandbox: async () => {
      const bundle = await currentBundle();
      const reserved = reservedSandbox;
      reservedSandbox = undefined;
      return reserved?.bundle === bundle ? reserved : pool.take(bundle);
    },
    isStepInFlight: (correlationId) => stepsInFlight.has(correlationId),
    // No queue message backs a step dispatched here: when it fails, the queue gets one, due after a backoff.
    dispatch: (message) => void limit(() => handleMessage(message)).catch((error: unknown) => redeliverLater(message, error)),
    onTerminal: (runId) => waiters.notify(runId),
  });
  const core: EngineCore = { world, now, url, liveRuns, stepsInFlight };
  const redeliverLater = createRedeliverLater({ world, now, debug, timers });

  function rearm(runId: string, at: number): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      const message: QueueMessage = { kind: "flow", id: `${runId}_rearm`, runId, dueAt: at };
      handleMessage(message).catch((error: unknown) => redeliverLater(message, error));
    }, Math.max(1, at - now()));
    timer.unref();
    timers.add(timer);
  }

  /** Handles one queue delivery (also what the `/flow` and `/step` routes call). */
  function handleMessage(message: QueueMessage): Promise<void> {
    const handle = () => (message.kind === "step" ? handleStepMessage(core, message) : handleFlowMessage(core, message, rearm));
    // A run another live process owns executes there: the delivery is sent on to its owner.
    const forwarded = forwardToOwner(core, message);
    return track(forwarded === false ? handle() : forwarded.then((done) => (done ? undefined : handle())));
  }

  /** Work `close()` waits for. */
  function track(pending: Promise<void>): Promise<void> {
    handling.add(pending);
    return pending.finally(() => handling.delete(pending));
  }

  let stopConsuming: (() => void) | undefined;
  let stopTakeover: (() => void) | undefined;
  async function recover(): Promise<void> {
    const runIds = await world.listActiveRunIds();
    await Promise.all(runIds.map((runId) => world.queue.enqueue({ kind: "flow", id: runMessageId(runId), runId, dueAt: now() })));
  }
  /** Recovers in the background: a failure is logged and recovery tried again after a growing delay. */
  function recoverUntilDone(failures = 0): void {
    recover().catch((error: unknown) => {
      if (!stopConsuming) return;
      const delay = backoffMs(failures + 1);
      debug("recovery failed, retrying in %d ms: %O", delay, error);
      const timer = setTimeout(() => {
        timers.delete(timer);
        recoverUntilDone(failures + 1);
      }, delay);
      timer.unref();
      timers.add(timer);
    });
  }
  if (options.consume !== false) {
    stopConsuming = world.queue.consume(handleMessage, { concurrency: options.stepConcurrency ?? 64 });
    recoverUntilDone();
    // Runs whose owner died go on here without a restart.
    stopTakeover = startOrphanTakeover({ world, locate: liveRuns.locate, track, onError: (error) => debug("run takeover failed: %O", error) });
    void currentBundle().then(pool.warm, () => {});
  }

  const control = createRunControl({ core, waiters, consuming: stopConsuming !== undefined });

  return {
    world,
    url,
    ...control,
    handleMessage,
    recover,
    /**
     * Records a new run (`run_created`) and queues its first execution; resolves once both are durable.
     * With an `idempotencyKey` that an existing run holds, returns that run instead (`created: false`).
     */
    async start(workflowName: string, args: unknown[] = [], startOptions: { idempotencyKey?: string } = {}) {
      // Streams among the arguments are stored (by reference) before the run exists.
      const pending = createStreamPending();
      const input = await serializeAsync(args, "workflow-arguments", { types: hostTypes({ store: world.streams, pending }) });
      await pending.settle();
      const seed = randomBytes(16).toString("hex");
      const consuming = stopConsuming !== undefined;
      let prepared: Awaited<ReturnType<typeof liveRuns.prepare>> | undefined;
      // A run this process executes begins with one write: `run_created`, `run_started` and the workflow's
      // first calls (computed before anything is stored, like every resume, see `RunActor.submit`).
      const firstEvents = async (runCreated: RunCreatedEvent) => {
        prepared = await liveRuns.prepare(runCreated);
        return prepared.firstEvents;
      };
      // Written with the creation: the first sleeps' messages (this process runs the run), or the first flow
      // message (a consuming process runs it).
      const enqueue = (runCreated: RunCreatedEvent): QueueMessage[] =>
        prepared ? prepared.messages : consuming ? [] : [{ kind: "flow", id: runMessageId(runCreated.runId), runId: runCreated.runId, dueAt: now() }];
      const result = await world
        .createRun({ workflowName, input, seed, url, idempotencyKey: startOptions.idempotencyKey, enqueue, ...(consuming ? { firstEvents } : {}) })
        .catch(async (error: unknown) => {
          // Claimed in `prepare`: given back, so that a run stored after all is orphaned and taken over.
          if (prepared) await liveRuns.abandon(prepared.actor.runId);
          throw error;
        });
      if (!result.created) return { runId: result.runId, created: false };
      // The run is durable once created; its first steps run in this process now rather than after the queue
      // delivers. No queue message then: `recover()` restarts every active run from the log after a crash.
      // The run is stored: if its first segment fails here, the queue resumes it after a backoff.
      const resume: QueueMessage = { kind: "flow", id: runMessageId(result.runId), runId: result.runId, dueAt: now() };
      if (prepared && result.events) track(liveRuns.adopt(prepared, result.events)).catch((error: unknown) => redeliverLater(resume, error));
      else if (consuming) track(liveRuns.get(result.runId).then(() => undefined)).catch((error: unknown) => redeliverLater(resume, error));
      // Of the latest bundle this runtime compiled (the one the run's own sandbox came from, unless the
      // workflows were rebuilt meanwhile).
      if (prepared && compiled) reservedSandbox ??= pool.take(compiled.bundle);
      return { runId: result.runId, created: true };
    },
    /** Stops consuming the queue and waits for deliveries in progress. Does not close the world. */
    async close(): Promise<void> {
      stopConsuming?.();
      stopConsuming = undefined;
      stopTakeover?.();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled(handling);
    },
  };
}

