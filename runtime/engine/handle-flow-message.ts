import type { QueueMessage } from "../world/world.ts";
import type { WaitCall } from "./calls.ts";
import { type EngineCore, submitToRun } from "./engine-core.ts";

type FlowMessage = Extract<QueueMessage, { kind: "flow" }>;

/**
 * Handles a flow delivery: makes sure the run is live in this process (starting or rebuilding it by replay),
 * picks up events other processes appended (hook payloads, cancellation), and completes every sleep that is
 * due. A sleep that is not due yet gets an in-process timer; its durable message is re-created from the log
 * on recovery, so the queue acknowledging this delivery loses nothing. Failures are thrown, never swallowed:
 * the queue acknowledges a delivery only when this resolves, and redelivers it with backoff when it throws.
 */
export async function handleFlowMessage(core: EngineCore, message: FlowMessage, rearm: (runId: string, at: number) => void): Promise<void> {
  const { runId } = message;
  let actor = await core.liveRuns.get(runId);
  if (actor && !(await actor.sync())) {
    core.liveRuns.evict(runId);
    actor = await core.liveRuns.get(runId);
  }
  if (!actor || actor.executor.terminal) return;
  const now = core.now();
  const open = [...actor.executor.calls.values()].filter((call): call is WaitCall => call.kind === "wait" && call.recorded && !call.settled);
  const due = open.filter((call) => call.resumeAt <= now).toSorted((a, b) => a.resumeAt - b.resumeAt);
  if (due.length > 0) await submitToRun(core, runId, due.map((call) => ({ type: "wait_completed", correlationId: call.correlationId })));
  // Delivered before its due time by this process's clock (clock skew between processes): retry in-process.
  const early = open.find((call) => call.correlationId === message.id && call.resumeAt > now);
  if (early) rearm(runId, early.resumeAt);
}
