import { describe, expect, it } from "vitest";
import type { WorkflowEvent } from "../events/event.ts";
import type { StreamStore } from "../world/world.ts";
import { createStreamReadable } from "./create-stream-readable.ts";
import { readVisibleRecords } from "./read-visible-records.ts";
import { attemptPrefix, encodeStreamChunk } from "./stream-chunk-codec.ts";

const RUN = "wrun_01ARZ3NDEKTSV4RRFFQ69G5FAV";
const STEP = "step_01ARZ3NDEKTSV4RRFFQ69G5FAV_0";
const NAME = "strm_01ARZ3NDEKTSV4RRFFQ69G5FAV_user";

/** A closed stream holding `records`. */
function storeOf(records: Uint8Array[]): StreamStore {
  return {
    write: async () => undefined,
    close: async () => undefined,
    async *read(_name, options = {}) {
      yield* records.slice(options.startIndex ?? 0);
    },
  };
}

const tagged = (value: string, attempt: number) => encodeStreamChunk(value, attemptPrefix({ correlationId: STEP, attempt }));
const event = (type: string, extra: Record<string, unknown> = {}) => ({ type, runId: RUN, eventId: "evnt_x", createdAt: 0, correlationId: STEP, ...extra }) as unknown as WorkflowEvent;

function logOf(events: WorkflowEvent[]) {
  const calls: Array<number | undefined> = [];
  const readEvents = async (runId: string, from?: number) => {
    calls.push(from);
    return runId === RUN ? events.slice(from ?? 0) : undefined;
  };
  return { readEvents, calls };
}

async function readAll(stream: ReadableStream<unknown>): Promise<unknown[]> {
  const values: unknown[] = [];
  for await (const value of stream as unknown as AsyncIterable<unknown>) values.push(value);
  return values;
}

describe("readers across step attempts", () => {
  it("delivers untagged records (outside steps, or stored before tagging) without reading any log", async () => {
    const log = logOf([]);
    const store = storeOf([encodeStreamChunk("a"), encodeStreamChunk(new Uint8Array([1]))]);
    expect(await readAll(createStreamReadable(store, NAME, { readEvents: log.readEvents }))).toEqual(["a", new Uint8Array([1])]);
    expect(log.calls).toEqual([]);
  });

  it("skips a retried attempt's records, keeping stored positions", async () => {
    const log = logOf([event("step_started", { attempt: 1 }), event("step_failed", { fatal: false }), event("step_retrying", { attempt: 2 }), event("step_started", { attempt: 2 }), event("step_completed")]);
    const store = storeOf([encodeStreamChunk("before"), tagged("x1", 1), tagged("x2", 1), tagged("y1", 2), tagged("y2", 2)]);
    const seen: Array<[number, string]> = [];
    for await (const { index, record } of readVisibleRecords(store, NAME, { readEvents: log.readEvents })) {
      seen.push([index, new TextDecoder().decode(record.subarray(1))]);
    }
    expect(seen.map(([index]) => index)).toEqual([0, 3, 4]);
    expect(await readAll(createStreamReadable(store, NAME, { readEvents: log.readEvents, startIndex: 1 }))).toEqual(["y1", "y2"]);
  });

  it("delivers the running attempt of a live run, and drops it once the run ended without it", async () => {
    const events = [event("step_started", { attempt: 1 })];
    const store = storeOf([tagged("live", 1)]);
    expect(await readAll(createStreamReadable(store, NAME, { readEvents: logOf(events).readEvents }))).toEqual(["live"]);
    events.push(event("run_cancelled"));
    expect(await readAll(createStreamReadable(store, NAME, { readEvents: logOf(events).readEvents }))).toEqual([]);
  });

  it("delivers everything when the run's log cannot be found", async () => {
    const store = storeOf([tagged("a", 1), tagged("b", 2)]);
    expect(await readAll(createStreamReadable(store, NAME, { readEvents: async () => undefined }))).toEqual(["a", "b"]);
  });
});
