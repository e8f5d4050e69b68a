// Reading a run's log the way the crash matrix asserts on it: steps by the tag they were called with.
import type { WorkflowEvent } from "../../events/event.ts";
import { deserialize } from "../../serialization/serialize.ts";

/** Tag (first argument) of each step of the log, by correlation id. */
export function stepTags(events: WorkflowEvent[]): Map<string, string> {
  const tags = new Map<string, string>();
  for (const event of events) {
    if (event.type === "step_created") tags.set(event.correlationId, String((deserialize(event.input, "step-arguments") as unknown[])[0]));
  }
  return tags;
}

/** Number of `events` of `type` per step tag (steps with none are listed with 0). */
export function countByTag(events: WorkflowEvent[], type: WorkflowEvent["type"]): Record<string, number> {
  const tags = stepTags(events);
  const counts: Record<string, number> = Object.fromEntries([...tags.values()].map((tag) => [tag, 0]));
  for (const event of events) {
    if (event.type === type && "correlationId" in event) counts[tags.get(event.correlationId)!]++;
  }
  return counts;
}

/** Tags of the steps whose last attempt in `events` began (`step_started`) and has no outcome: a crash cut it short. */
export function interruptedTags(events: WorkflowEvent[]): string[] {
  const tags = stepTags(events);
  const open = new Set<string>();
  for (const event of events) {
    if (event.type === "step_started") open.add(event.correlationId);
    if (event.type === "step_completed" || event.type === "step_failed") open.delete(event.correlationId);
  }
  return [...open].map((id) => tags.get(id)!).toSorted();
}

/**
 * Attempts each step of the finished log `events` should have had when processes were killed with the log at
 * each of `prefixes`: one, plus one for each attempt a kill cut short.
 */
export function expectedAttempts(events: WorkflowEvent[], prefixes: WorkflowEvent[][]): Record<string, number> {
  const interrupted = prefixes.flatMap(interruptedTags);
  return Object.fromEntries([...stepTags(events).values()].map((tag) => [tag, 1 + interrupted.filter((cut) => cut === tag).length]));
}

/** The run's return value, or undefined when the log has no `run_completed`. */
export function returnValue(events: WorkflowEvent[]): unknown {
  const completed = events.find((event) => event.type === "run_completed");
  return completed && deserialize(completed.output, "workflow-return-value");
}

/** Step body executions recorded in a side file ("<tag> <attempt> <pid>" lines), counted per tag. */
export function bodyRuns(sideText: string): Record<string, number> {
  const runs: Record<string, number> = {};
  for (const line of sideText.split("\n").filter(Boolean)) {
    const [tag] = line.split(" ");
    runs[tag] = (runs[tag] ?? 0) + 1;
  }
  return runs;
}
