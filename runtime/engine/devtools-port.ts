import { randomBytes } from "node:crypto";
import type { NewWorkflowEvent, RunCreatedEvent, RunOrigin, WorkflowEvent } from "../events/event.ts";
import { isTerminalRunEvent } from "../events/terminal-events.ts";
import { WorkflowRunNotFoundError } from "../errors/run-errors.ts";
import { HookTokenConflictError } from "../errors/lookup-errors.ts";
import { WorkflowError } from "../errors/workflow-error.ts";
import type { HookRecord } from "../world/world.ts";
import { type CallKind, callNumber, createCorrelationId, runMessageId } from "./correlation-id.ts";
import type { Runtime } from "./create-runtime.ts";
import { checkHookPayload } from "./hook-schemas.ts";
import { HookPayloadInvalidError } from "../errors/hook-payload-invalid-error.ts";

/**
 * What the devtools panel may ask of the engine. Every action goes through the engine of this process, so
 * the panel changes runs exactly as application code would.
 */
export interface DevtoolsPort {
  /** Starts a run of a known workflow with JSON arguments; resolves once the run is recorded. */
  start(workflowId: string, args: unknown[]): Promise<{ runId: string }>;
  /** Cancels a run that has not finished. */
  cancel(runId: string): Promise<void>;
  /** A new run of the same workflow with the same recorded input; `run_created` names its origin. */
  rerun(runId: string): Promise<{ runId: string }>;
  /**
   * A new run with the same input and seed that reuses the recorded results of every call made before the
   * step `stepCorrelationId` (copied into its log, not executed again), and executes from that step on.
   * `run_created.origin.reused` lists the copied calls. Hook tokens still owned by a live run conflict
   * (`ERR_HOOK_TOKEN_CONFLICT`).
   */
  rerunFrom(runId: string, stepCorrelationId: string): Promise<{ runId: string }>;
  /** Ends a pending sleep now. */
  wake(runId: string, waitId: string): Promise<void>;
  /**
   * Delivers a payload to the hook that owns `token`, validated first against its `defineHook()` schema when
   * it has one (`ERR_HOOK_PAYLOAD_INVALID` with the schema's issues; nothing is recorded).
   */
  resumeHook(token: string, payload: unknown): Promise<{ runId: string }>;
  /** Ids of the workflows the current build knows (`workflow//<path>//<name>`). */
  listWorkflows(): Promise<string[]>;
  /** Names of the streams a run opened. */
  listStreams(runId: string): Promise<string[]>;
}

const REASON = "cancelled from the devtools panel";

/**
 * The devtools port of a runtime.
 * @example createDevtoolsApi({ world: runtime.world, runtime: createDevtoolsPort(runtime, { listWorkflows }) })
 */
export function createDevtoolsPort(runtime: Runtime, options: { listWorkflows?: () => string[] | Promise<string[]> } = {}): DevtoolsPort {
  const { world } = runtime;

  async function recorded(runId: string): Promise<{ events: WorkflowEvent[]; created: RunCreatedEvent }> {
    const events = await world.readEvents(runId);
    const created = events?.[0];
    if (!events || created?.type !== "run_created") throw new WorkflowRunNotFoundError(runId);
    return { events, created };
  }

  /** One write: `run_created` with its origin, the copied calls, and the flow message that starts the run. */
  async function createCopy(
    created: RunCreatedEvent,
    seed: string,
    origin: Omit<RunOrigin, "reused">,
    prefix: readonly WorkflowEvent[],
  ): Promise<string> {
    const claimed: HookRecord[] = [];
    try {
      const result = await world.createRun({
        workflowName: created.workflowName,
        input: created.input,
        seed,
        origin: (next) => ({ ...origin, reused: reusedCalls(readdress(prefix, next)) }),
        ...(created.url === undefined ? {} : { url: created.url }),
        firstEvents: async (runCreated) => {
          const copied = readdress(prefix, runCreated.runId);
          for (const hook of openHooks(copied)) {
            const record: HookRecord = { token: hook.token, runId: runCreated.runId, hookId: hook.correlationId, kind: hook.kind, createdAt: runCreated.createdAt };
            if (!(await world.hooks.claim(record))) {
              const owner = await world.hooks.get(hook.token).catch(() => undefined);
              throw new HookTokenConflictError(hook.token, owner?.runId);
            }
            claimed.push(record);
          }
          return copied;
        },
        enqueue: (runCreated) => [{ kind: "flow", id: runMessageId(runCreated.runId), runId: runCreated.runId, dueAt: Date.now() }],
      });
      return result.runId;
    } catch (error) {
      // Nothing was written: the tokens claimed for the copy go back.
      await Promise.all(claimed.map((record) => world.hooks.release(record.token, record.hookId).catch(() => undefined)));
      throw error;
    }
  }

  return {
    start: async (workflowId, args) => ({ runId: (await runtime.start(workflowId, args)).runId }),
    cancel: (runId) => runtime.cancel(runId, REASON),
    wake: (runId, waitId) => runtime.wake(runId, waitId),
    listStreams: (runId) => runtime.listStreams(runId),
    listWorkflows: async () => (options.listWorkflows ? [...(await options.listWorkflows())] : []),

    async resumeHook(token, payload) {
      // The same check as `defineHook().resume()`: a payload its schema rejects never reaches the run.
      const check = await checkHookPayload(token, payload);
      if (!check.ok) throw new HookPayloadInvalidError(token, check.issues);
      const hook = await runtime.resumeHook(token, check.value);
      return { runId: hook.runId };
    },

    async rerun(runId) {
      const { created } = await recorded(runId);
      return { runId: await createCopy(created, randomBytes(16).toString("hex"), { runId }, []) };
    },

    async rerunFrom(runId, stepCorrelationId) {
      const { events, created } = await recorded(runId);
      const cut = events.findIndex((event) => event.type === "step_created" && event.correlationId === stepCorrelationId);
      if (cut === -1) throw new WorkflowError("ERR_STEP_NOT_FOUND", `Run "${runId}" has no step "${stepCorrelationId}".`);
      const prefix = events.slice(1, cut).filter((event) => !isTerminalRunEvent(event));
      // The same seed keeps the sandbox's randomness identical, so the copied prefix replays as recorded.
      return { runId: await createCopy(created, created.seed, { runId, fromStepCorrelationId: stepCorrelationId }, prefix) };
    },
  };
}

/** Correlation ids of the calls whose outcome the prefix holds: they are copied, not executed again. */
function reusedCalls(prefix: readonly NewWorkflowEvent[]): string[] {
  const reused = new Set<string>();
  for (const event of prefix) {
    if (event.type === "step_completed" || event.type === "step_failed" || event.type === "wait_completed" || event.type === "hook_received") {
      reused.add(event.correlationId);
    }
  }
  return [...reused];
}

/** The prefix's events for the new run: ids, run id and times are assigned again, calls re-addressed. */
function readdress(prefix: readonly WorkflowEvent[], toRunId: string): NewWorkflowEvent[] {
  return prefix.map((event) => {
    const { runId: _runId, eventId: _eventId, createdAt: _createdAt, ...rest } = event;
    const copy = { ...rest } as NewWorkflowEvent & { correlationId?: string };
    if (typeof copy.correlationId === "string") copy.correlationId = createCorrelationId(kindOf(copy.type), toRunId, callNumber(copy.correlationId));
    return copy;
  });
}

function kindOf(type: string): CallKind {
  return type.startsWith("wait_") ? "wait" : type.startsWith("hook_") ? "hook" : "step";
}

function openHooks(events: readonly NewWorkflowEvent[]): Array<{ token: string; correlationId: string; kind: "hook" | "webhook" }> {
  const open = new Map<string, { token: string; correlationId: string; kind: "hook" | "webhook" }>();
  for (const event of events) {
    if (event.type === "hook_created") open.set(event.correlationId, { token: event.token, correlationId: event.correlationId, kind: event.kind });
    if (event.type === "hook_disposed") open.delete(event.correlationId);
  }
  return [...open.values()];
}
