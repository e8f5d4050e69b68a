import { randomBytes } from "node:crypto";
import type { NewWorkflowEvent, WorkflowEvent } from "../events/event.ts";
import { isTerminalRunEvent } from "../events/terminal-events.ts";
import { runMessageId } from "../engine/correlation-id.ts";
import { checkHookPayload } from "../engine/hook-schemas.ts";
import type { World } from "../world/world.ts";
import { DevtoolsApiError } from "./devtools-api-error.ts";
import type { DevtoolsRuntime } from "./devtools-runtime.ts";

/** The engine methods the panel's actions use; `createRuntime()`'s result has all of them. */
export interface EngineLike {
  start(workflowName: string, args?: unknown[]): Promise<{ runId: string }>;
  cancel(runId: string, reason?: string): Promise<void>;
  resumeHook(token: string, payload: unknown): Promise<unknown>;
  /** Completes a pending sleep through the run's actor; without it, the panel appends `wait_completed` itself. */
  wake?(runId: string, waitId: string): Promise<void>;
  /** Names of the user streams a run opened; the default of the `listStreams` option. */
  listStreams?(runId: string): Promise<string[]>;
}

/**
 * Adapts the engine to the panel's actions. Start, cancel, hook resume and wake go through the engine (wake
 * falls back to the world for an engine without it); re-run and re-run from a step are written against the
 * world the same way another process would start a run (create it, append its copied prefix, queue a flow
 * delivery), which the engine picks up like any external change.
 * @example createDevtoolsMiddleware({ world, runtime: createDevtoolsRuntime({ world, engine: runtime }) })
 */
export function createDevtoolsRuntime(options: {
  world: World;
  engine: EngineLike;
  listWorkflows?: () => string[] | Promise<string[]>;
  listStreams?: (runId: string) => string[] | Promise<string[]>;
}): DevtoolsRuntime {
  const { world, engine } = options;
  const kick = (runId: string) => world.queue.enqueue({ kind: "flow", id: runMessageId(runId), runId, dueAt: Date.now() });

  async function createdEvent(runId: string) {
    const events = await world.readEvents(runId);
    const created = events?.[0];
    if (!events || !created || created.type !== "run_created") {
      throw new DevtoolsApiError("ERR_DEVTOOLS_NOT_FOUND", `Run ${runId} has no run_created event to copy its input from.`);
    }
    return { events, created };
  }

  return {
    start: (workflowId, args) => engine.start(workflowId, args),
    cancel: (runId) => engine.cancel(runId, "cancelled from the devtools panel"),
    async resumeHook(token, payload) {
      // The same check as `defineHook().resume()`: a payload its schema rejects never reaches the run.
      const check = await checkHookPayload(token, payload);
      if (!check.ok) {
        throw new DevtoolsApiError(
          "ERR_DEVTOOLS_BAD_REQUEST",
          `The payload does not match the schema of hook ${token}: ${describeIssues(check.issues)}. Fix the payload and resume again.`,
        );
      }
      return engine.resumeHook(token, check.value);
    },
    listWorkflows: options.listWorkflows,
    listStreams: options.listStreams ?? (engine.listStreams ? (runId) => engine.listStreams!(runId) : undefined),

    async rerun(runId) {
      const { created } = await createdEvent(runId);
      const { runId: next } = await world.createRun({
        workflowName: created.workflowName,
        input: created.input,
        seed: randomBytes(16).toString("hex"),
        url: created.url,
      });
      await kick(next);
      return { runId: next };
    },

    async rerunFrom(runId, stepId) {
      const { events, created } = await createdEvent(runId);
      const cut = events.findIndex((event) => event.type === "step_created" && event.correlationId === stepId);
      if (cut === -1) throw new DevtoolsApiError("ERR_DEVTOOLS_NOT_FOUND", `Run ${runId} has no step ${stepId}.`);
      // The same seed keeps the sandbox's randomness identical, so the copied prefix replays as recorded.
      const { runId: next } = await world.createRun({ workflowName: created.workflowName, input: created.input, seed: created.seed, url: created.url });
      const prefix = copyPrefix(events.slice(1, cut), runId, next);
      for (const hook of liveHooks(prefix)) {
        const claimed = await world.hooks.claim({ token: hook.token, runId: next, hookId: hook.correlationId, kind: hook.kind, createdAt: Date.now() });
        if (!claimed) {
          await world.appendEvents(next, [{ type: "run_cancelled", reason: `hook token ${hook.token} is still owned by another run` }]);
          throw new DevtoolsApiError("ERR_DEVTOOLS_CONFLICT", `Cannot re-run from ${stepId}: hook token "${hook.token}" created before that step is still owned by a live run.`);
        }
      }
      if (prefix.length > 0) await world.appendEvents(next, prefix);
      await kick(next);
      return { runId: next };
    },

    async wake(runId, waitId) {
      // Through the engine the wake reaches a run kept in memory at once, and an unknown sleep is an error.
      if (engine.wake) return engine.wake(runId, waitId);
      const stored = await world.appendEvents(runId, [{ type: "wait_completed", correlationId: waitId }]);
      if (stored.length === 0) throw new DevtoolsApiError("ERR_DEVTOOLS_CONFLICT", `Run ${runId} has ended; sleep ${waitId} was not woken.`);
      await kick(runId);
    },
  };
}

/**
 * The events of a log prefix re-addressed to another run: correlation ids embed the run's ULID, so each is
 * rewritten; ids, run ids and timestamps are assigned again by the world. Run-level events are dropped.
 */
export function copyPrefix(events: readonly WorkflowEvent[], fromRunId: string, toRunId: string): NewWorkflowEvent[] {
  const from = fromRunId.slice(fromRunId.indexOf("_") + 1);
  const to = toRunId.slice(toRunId.indexOf("_") + 1);
  const out: NewWorkflowEvent[] = [];
  for (const event of events) {
    if (event.type === "run_created" || isTerminalRunEvent(event)) continue;
    const { runId: _r, eventId: _e, createdAt: _c, ...rest } = event;
    const copy = { ...rest } as NewWorkflowEvent & { correlationId?: string };
    if (typeof copy.correlationId === "string") copy.correlationId = copy.correlationId.split(from).join(to);
    out.push(copy);
  }
  return out;
}

function liveHooks(events: readonly NewWorkflowEvent[]): Array<{ token: string; correlationId: string; kind: "hook" | "webhook" }> {
  const live = new Map<string, { token: string; correlationId: string; kind: "hook" | "webhook" }>();
  for (const event of events) {
    if (event.type === "hook_created") live.set(event.correlationId, { token: event.token, correlationId: event.correlationId, kind: event.kind });
    if (event.type === "hook_disposed") live.delete(event.correlationId);
  }
  return [...live.values()];
}

/** The schema's issues as one line: their messages, with the path when an issue has one. */
function describeIssues(issues: readonly unknown[]): string {
  const parts = issues.map((issue) => {
    const { message, path } = (issue ?? {}) as { message?: unknown; path?: ReadonlyArray<unknown> };
    const where = Array.isArray(path) && path.length > 0 ? `${path.map((key) => String((key as { key?: unknown })?.key ?? key)).join(".")}: ` : "";
    return `${where}${typeof message === "string" ? message : JSON.stringify(issue)}`;
  });
  return parts.length > 0 ? parts.join("; ") : "the schema reported issues";
}
