import type { NewWorkflowEvent, WorkflowEvent } from "../events/event.ts";
import { isTerminalRunEvent } from "../events/terminal-events.ts";
import { WorkflowRunNotFoundError } from "../errors/run-errors.ts";
import { HookNotFoundError } from "../errors/lookup-errors.ts";
import { WorkflowError } from "../errors/workflow-error.ts";
import { WebhookResponseNotSentError } from "../errors/documented-errors.ts";
import { deserialize, serializeAsync } from "../serialization/serialize.ts";
import { createStreamReadable } from "../streams/create-stream-readable.ts";
import { createReferenceStreamName } from "../streams/stream-names.ts";
import { createStreamPending } from "../streams/stream-pending.ts";
import { BODY_BYTES } from "../serialization/types-table.ts";
import { RESPONSE_CHANNEL } from "../web/webhook-request-row.ts";
import { hostTypes } from "./boundary-types.ts";
import type { HookRecord } from "../world/world.ts";
import { runMessageId } from "./correlation-id.ts";
import { type EngineCore, submitToRun } from "./engine-core.ts";
import type { createRunWaiters } from "./run-waiters.ts";
import { isTerminalStatus } from "../events/terminal-events.ts";

/** A hook as `resumeHook()` and `getHookByToken()` return it. */
export interface HookInfo {
  runId: string;
  hookId: string;
  token: string;
  kind: "hook" | "webhook";
  createdAt: Date;
  metadata: unknown;
}

function toHookInfo(record: HookRecord, types: ReturnType<typeof hostTypes>): HookInfo {
  return {
    runId: record.runId,
    hookId: record.hookId,
    token: record.token,
    kind: record.kind,
    createdAt: new Date(record.createdAt),
    metadata: record.metadata === undefined ? undefined : deserialize(record.metadata, "hook-payload", { types }),
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
    // The flow message that tells the consuming process is written with the events.
    return world.appendEvents(runId, events, { enqueue: [{ kind: "flow", id: runMessageId(runId), runId, dueAt: core.now() }] });
  }

  async function getHookByToken(token: string): Promise<HookInfo> {
    if (typeof token !== "string" || token.length === 0) throw new HookNotFoundError(String(token));
    // A world with an index of recorded hooks answers in one lookup. Otherwise, and for a claim the index has not
    // marked (written by an instance of an older version during a rolling upgrade), the claim is checked
    // against the log.
    const indexed = await world.hooks.getRecorded?.(token);
    if (indexed) return toHookInfo(indexed, hostTypes({ store: world.streams }));
    const record = await world.hooks.get(token);
    if (!record || !(await isHookRecorded(record))) throw new HookNotFoundError(token);
    return toHookInfo(record, hostTypes({ store: world.streams }));
  }

  /**
   * True once the hook's `hook_created` is durable in its run's log. A token is claimed just before that
   * append (and a claim can outlive a crash in between): a payload recorded ahead of `hook_created` would
   * answer a call the log never made, so until then the token is not found and senders try again.
   * Monotonic, so checking before the append leaves no race.
   */
  async function isHookRecorded(record: HookRecord): Promise<boolean> {
    if (core.liveRuns.peek(record.runId)?.executor.calls.get(record.hookId)?.recorded) return true;
    const events = await world.readEvents(record.runId);
    return events?.some((event) => event.type === "hook_created" && event.correlationId === record.hookId) ?? false;
  }

  /** Serializes a payload (streams in it are stored first) and records it for the hook's run. */
  async function deliverPayload(hook: HookInfo, payload: unknown): Promise<void> {
    const pending = createStreamPending();
    const text = await serializeAsync(payload, "hook-payload", { types: hostTypes({ store: world.streams, pending, runId: hook.runId }) });
    await pending.settle();
    const stored = await deliver(hook.runId, [{ type: "hook_received", correlationId: hook.hookId, payload: text }]);
    if (stored.length === 0) throw new HookNotFoundError(hook.token);
  }

  /** The first response written to a manual webhook's channel; rejects once the run ends without one. */
  async function awaitManualResponse(runId: string, channel: string): Promise<Response> {
    const reader = createStreamReadable<Response>(world.streams, channel).getReader();
    // Closing the channel when the run ends lets the read finish; a response written before stays first.
    void waiters.wait(runId).then(() => world.streams.close(channel)).catch(() => undefined);
    const first = await reader.read();
    void reader.cancel().catch(() => undefined);
    if (first.done) throw new WebhookResponseNotSentError();
    return first.value;
  }

  return {
    getHookByToken,
    /** Records a payload for the hook that owns `token` (`hook_received`) and resumes its run. */
    async resumeHook(token: string, payload: unknown): Promise<HookInfo> {
      const hook = await getHookByToken(token);
      await deliverPayload(hook, payload);
      return hook;
    },
    /**
     * Delivers an HTTP request to the webhook that owns `token` and resolves with the response for its
     * sender: 202 (default), the webhook's static `respondWith` response, or, for `respondWith: "manual"`,
     * the response a step passes to `request.respondWith()` (`WebhookResponseNotSentError` if the run ends
     * without one). Throws `HookNotFoundError` for an unknown token.
     */
    async resumeWebhook(token: string, request: Request): Promise<Response> {
      const hook = await getHookByToken(token);
      if (hook.kind !== "webhook") throw new HookNotFoundError(token);
      const respondWith = (hook.metadata as { respondWith?: unknown } | undefined)?.respondWith;
      const payload = await toPayloadRequest(request);
      const channel = respondWith === "manual" ? createReferenceStreamName(hook.runId) : undefined;
      if (channel) Object.defineProperty(payload, RESPONSE_CHANNEL, { value: channel });
      const response = channel ? awaitManualResponse(hook.runId, channel) : undefined;
      // Observed now: the run may end (closing the channel) before this function awaits the response.
      response?.catch(() => undefined);
      await deliverPayload(hook, payload);
      if (response) return response;
      if (Object.prototype.toString.call(respondWith) === "[object Response]") return respondWith as Response;
      return new Response(null, { status: 202 });
    },
    /** Completes a sleep now (`wait_completed`) and resumes its run; a sleep already over is left as is. */
    async wake(runId: string, waitId: string): Promise<void> {
      const events = await world.readEvents(runId);
      if (!events) throw new WorkflowRunNotFoundError(runId);
      if (events.some(isTerminalRunEvent)) return;
      const waits = events.filter((event) => "correlationId" in event && event.correlationId === waitId);
      if (!waits.some((event) => event.type === "wait_created")) {
        throw new WorkflowError("ERR_WAIT_NOT_FOUND", `Run "${runId}" has no sleep "${waitId}".`);
      }
      if (waits.some((event) => event.type === "wait_completed")) return;
      await deliver(runId, [{ type: "wait_completed", correlationId: waitId }]);
    },
    /** Names of the user streams a run opened (from its log), for the devtools panel and the CLI. */
    async listStreams(runId: string): Promise<string[]> {
      const events = await world.readEvents(runId);
      if (!events) throw new WorkflowRunNotFoundError(runId);
      return [...new Set(events.flatMap((event) => (event.type === "stream_opened" ? [event.name] : [])))];
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
    /**
     * The run's terminal event, or undefined while it runs. Throws for an unknown run. Reads the summary,
     * then only the log's last event (nothing follows a terminal event), so polling a long finished run
     * costs the same as polling a short one.
     */
    async readOutcome(runId: string): Promise<WorkflowEvent | undefined> {
      const summary = await world.getRun(runId);
      if (!summary) throw new WorkflowRunNotFoundError(runId);
      if (!isTerminalStatus(summary.status)) return undefined;
      const last = await world.readEvents(runId, Math.max(0, summary.eventCount - 1));
      const outcome = last?.findLast(isTerminalRunEvent);
      if (outcome) return outcome;
      // The summary and the log disagree on the length (a world that counts differently): read it all.
      const events = await world.readEvents(runId);
      if (!events) throw new WorkflowRunNotFoundError(runId);
      return events.findLast(isTerminalRunEvent);
    },
  };
}

/** A copy of `request` with its body read into memory (`BODY_BYTES`), so it is recorded as it arrived. */
async function toPayloadRequest(request: Request): Promise<Request> {
  const bytes = request.body === null ? null : new Uint8Array(await request.arrayBuffer());
  const hasBody = bytes !== null && request.method !== "GET" && request.method !== "HEAD";
  const copy = new Request(request.url, { method: request.method, headers: request.headers, body: hasBody ? (bytes as Uint8Array<ArrayBuffer>) : null });
  Object.defineProperty(copy, BODY_BYTES, { value: hasBody ? bytes : null });
  return copy;
}
