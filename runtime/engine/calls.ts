import type { HookCreatedEvent, StepCreatedEvent, WaitCreatedEvent, WorkflowEvent } from "../events/event.ts";

/** An event that records a call the workflow code made. */
export type CreationEvent = StepCreatedEvent | WaitCreatedEvent | HookCreatedEvent;

interface CallBase {
  correlationId: string;
  /** The log holds the call's creation event. */
  recorded: boolean;
}

/** A step call: its promise settles with the step's terminal event. */
export interface StepCall extends CallBase {
  kind: "step";
  stepName: string;
  settled: boolean;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** A sleep: its promise resolves with `wait_completed`. */
export interface WaitCall extends CallBase {
  kind: "wait";
  resumeAt: number;
  settled: boolean;
  resolve(value: undefined): void;
}

/** A hook: every `hook_received` payload is delivered to it, in log order. */
export interface HookCall extends CallBase {
  kind: "hook";
  hookKind: "hook" | "webhook";
  token: string;
  disposeRecorded: boolean;
  deliver(payload: unknown): void;
}

export type Call = StepCall | WaitCall | HookCall;

const CREATION_TYPES = new Set(["step_created", "wait_created", "hook_created"]);

/** True for `step_created`, `wait_created` and `hook_created`. */
export function isCreationEvent(event: WorkflowEvent): event is CreationEvent {
  return CREATION_TYPES.has(event.type);
}

/** Names a call the way divergence messages show it, e.g. `step "step//a.ts//charge" (step_…_3)`. */
export function describeCall(call: Call): string {
  if (call.kind === "step") return `step "${call.stepName}" (${call.correlationId})`;
  if (call.kind === "wait") return `sleep (${call.correlationId})`;
  return `${call.hookKind === "webhook" ? "createWebhook()" : "createHook()"} (${call.correlationId})`;
}

/** Names a recorded creation event in the same words as `describeCall`, so equal strings mean a match. */
export function describeEvent(event: CreationEvent): string {
  if (event.type === "step_created") return `step "${event.stepName}" (${event.correlationId})`;
  if (event.type === "wait_created") return `sleep (${event.correlationId})`;
  return `${event.kind === "webhook" ? "createWebhook()" : "createHook()"} (${event.correlationId})`;
}
