import { expect, test } from "vitest";
import type { WorkflowEvent } from "../../events/event.ts";
import { encodeBatch, parseLogChunk } from "./log-lines.ts";

const event = (n: number, extra: Record<string, unknown> = {}) =>
  ({ type: "step_completed", correlationId: `step_${n}`, result: `["${"é".repeat(n)}"]`, runId: "wrun_A", eventId: `evnt_${n}`, createdAt: n, ...extra }) as unknown as WorkflowEvent;

const batches: Array<{ name: string; events: WorkflowEvent[] }> = [
  { name: "one event", events: [event(1)] },
  { name: "three events", events: [event(1), event(2), event(3)] },
  { name: "nested values and unicode", events: [event(4, { error: { name: "E", message: "a\nb \"q\" \u2028" } }), event(5)] },
];

test.each(batches)("$name: one line per event, each but the last marked $more, read back as written", ({ events }) => {
  const bytes = encodeBatch(events);
  const lines = bytes.toString("utf8").split("\n");
  expect(lines.at(-1)).toBe("");
  const parsed = lines.slice(0, -1).map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(parsed).toEqual(events.map((e, i) => (i < events.length - 1 ? { ...e, $more: true } : { ...e })));
  const chunk = parseLogChunk(bytes, 0);
  expect(chunk.committedEnd).toBe(bytes.length);
  expect(chunk.lines.map((line) => line.event)).toEqual(events);
});

test("an empty batch encodes to no bytes", () => {
  expect(encodeBatch([]).length).toBe(0);
});
