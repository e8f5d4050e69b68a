import type { NewWorkflowEvent, WorkflowEvent } from "../events/event.ts";
import { TERMINAL_RUN_EVENTS } from "../events/event.ts";
import { WorkflowRunNotFoundError } from "../errors/run-errors.ts";
import { HookNotFoundError } from "../errors/lookup-errors.ts";
import { deserialize, serialize } from "../serialization/serialize.ts";
import type { HookRecord } from "../world/world.ts";
import { runMessageId } from "./correlation-id.ts";
import { type EngineCore, submitToRun } from "./engine-core.ts";
import type { createRunWaiters } from "./run-waiters.ts";
import { isTerminalStatus } from "./run-waiters.ts";

/** A hook as `resumeHook()` and `getHookByToken()` return it. */
export interface HookInfo {
  runId: string;
  hookId: string;
  token: string;
  kind: "hook" | "webhook";
  createdAt: Date;
  metadata: unknown;
}

function toHookInfo(record: HookRecord): HookInfo {
  return {
    runId: record.runId,
    hookId: record.hookId,
    token: record.token,
    kind: record.kind,
    createdAt: new Date(record.createdAt),
    metadata: record.metadata === undefined ? undefined : deserialize(record.metadata, "hook-payload"),
  };
}

/**
 * Operations on runs from outside the workflow: cancel, deliver hook payloads, wait for the end. When this
 * process consumes the queue, the event goes through the run's actor (rebuilding the run here if needed);
 * otherwise it is appended to the log and a flow message tells the consuming process to pick it up.
 */
export function createRunControl(options: { core: EngineCore; waiters: ReturnType<typeof createRunWaiters>; consuming: boolean }) {
  const { core, waiters } = options;
  const { world } = core;

  async function deliver(runId: string, events: NewWorkflowEvent[]): Promise<WorkflowEvent[]> {
    if (options.consuming) return submitToRun(core, runId, events);
    const stored = await world.appendEvents(runId, events);
    await world.queue.enqueue({ kind: "flow", id: runMessageId(runId), runId, dueAt: core.now() });
    return stored;
  }

  async function getHookByToken(token: string): Promise<HookInfo> {
    const record = typeof token === "string" && token.length > 0 ? await world.hooks.get(token) : undefined;
    if (!record) throw new HookNotFoundError(String(token));
    return toHookInfo(record);
  }

  return {
    getHookByToken,
    /** Records a payload for the hook that owns `token` (`hook_received`) and resumes its run. */
    async resumeHook(token: string, payload: unknown): Promise<HookInfo> {
      const hook = await getHookByToken(token);
      const text = serialize(payload, "hook-payload");
      const stored = await deliver(hook.runId, [{ type: "hook_received", correlationId: hook.hookId, payload: text }]);
      if (stored.length === 0) throw new HookNotFoundError(token);
      return hook;
    },
    /** Cancels a run: `run_cancelled` is appended, its queued work is dropped. A finished run is left as is. */
    async cancel(runId: string, reason?: string): Promise<void> {
      const summary = await world.getRun(runId);
      if (!summary) throw new WorkflowRunNotFoundError(runId);
      if (isTerminalStatus(summary.status)) return;
      await deliver(runId, [{ type: "run_cancelled", ...(reason === undefined ? {} : { reason }) }]);
      waiters.notify(runId);
    },
    /** Resolves once the run has ended. */
    waitForRun: (runId: string) => waiters.wait(runId),
    /** The run's terminal event, or undefined while it runs. Throws for an unknown run. */
    async readOutcome(runId: string): Promise<WorkflowEvent | undefined> {
      const events = await world.readEvents(runId);
      if (!events) throw new WorkflowRunNotFoundError(runId);
      return events.findLast((event) => TERMINAL_RUN_EVENTS.has(event.type));
    },
  };
}
