import type { StepFailedEvent, StepCompletedEvent, WaitCompletedEvent, HookDisposedEvent } from "./event.ts";

/** An event that ends its correlation (a step, a sleep or a hook): nothing later changes that call's outcome. */
export type SettlingEvent = StepCompletedEvent | (StepFailedEvent & { fatal: true }) | WaitCompletedEvent | HookDisposedEvent;

/** What a correlation id refers to; also the id's prefix and the first part of a settlement key. */
export type CorrelationKind = "step" | "wait" | "hook";

/** The kind of call each settling event type ends (`step_failed` only when `fatal`). */
export const SETTLED_KIND_OF: Readonly<Record<SettlingEvent["type"], CorrelationKind>> = {
  step_completed: "step",
  step_failed: "step",
  wait_completed: "wait",
  hook_disposed: "hook",
};

/**
 * True when `event` settles its correlation: `step_completed`, a fatal `step_failed`, `wait_completed`,
 * `hook_disposed`. A non-fatal `step_failed` is followed by a retry, so it settles nothing.
 */
export function isSettlingEvent<E extends { type: string; fatal?: boolean }>(event: E): event is E & SettlingEvent {
  if (event.type === "step_failed") return event.fatal === true;
  return Object.hasOwn(SETTLED_KIND_OF, event.type);
}

/** The settlement key of a correlation: `<kind>:<correlation id>`, e.g. `step:step_01J…_3`. */
export function settlementKey(kind: CorrelationKind, correlationId: string): string {
  return `${kind}:${correlationId}`;
}

/**
 * The key under which `event` settles its correlation, or undefined when it settles nothing. A log holds
 * at most one settling event per key: a world drops a second one (a duplicate delivery, a step that ran
 * twice), and every fold ignores it, so a duplicate is never a wedge.
 * @example settlingKey({ type: "wait_completed", correlationId: "wait_01J…_2" }) // "wait:wait_01J…_2"
 */
export function settlingKey(event: { type: string; correlationId?: string; fatal?: boolean }): string | undefined {
  if (!isSettlingEvent(event)) return undefined;
  return settlementKey(SETTLED_KIND_OF[event.type], String(event.correlationId));
}
