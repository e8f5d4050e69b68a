import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { deserialize, serialize } from "../serialization/serialize.ts";
import { createStreamReadable } from "./create-stream-readable.ts";
import { createHostStreamTypes } from "./host-stream-types.ts";
import { getWorkflowWritable } from "./run-streams.ts";
import { createSandboxStreamTypes } from "./sandbox-stream-types.ts";
import { getSandboxStreams } from "./sandbox-streams.ts";
import { createStreamPending } from "./stream-pending.ts";
import { collect, useTestWorlds } from "./testing/open-test-world.ts";

const RUN = "wrun_01ARZ3NDEKTSV4RRFFQ69G5FAV";
const contexts = new WeakMap<object, vm.Context>();
const run = (code: string, global: object) => vm.runInContext(code, contexts.get(global)!);
const open = useTestWorlds();
/** A readable of the given chunks (the DOM typings lack `ReadableStream.from`). */
function streamOf<T>(chunks: T[]): ReadableStream<T> {
  return new ReadableStream<T>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}
function sandbox() {
  const context = vm.createContext({});
  const global = vm.runInContext("globalThis", context) as typeof globalThis & Record<string, unknown>;
  contexts.set(global, context);
  const streams = getSandboxStreams(global);
  global.ReadableStream = streams.ReadableStream as never;
  global.WritableStream = streams.WritableStream as never;
  return global;
}

describe("streams by reference across boundaries", () => {
  it("pipes a step's ReadableStream into the store before the step may complete, and revives it by name", async () => {
    const { store } = await open();
    const pending = createStreamPending();
    const source = streamOf(["a", { b: new Date(1) }, new Uint8Array([1, 2])]);
    const text = serialize({ out: source }, "step-return-value", { types: createHostStreamTypes({ store, pending, runId: RUN }) });
    expect(text).toMatch(/strm_01ARZ3NDEKTSV4RRFFQ69G5FAV_ref_/);
    await pending.settle();
    const revived = deserialize(text, "step-arguments", { types: createHostStreamTypes({ store }) }) as { out: ReadableStream };
    expect(await collect(revived.out)).toEqual(["a", { b: new Date(1) }, new Uint8Array([1, 2])]);
  });

  it("records a source error for readers and still lets the step complete", async () => {
    const { store } = await open();
    const pending = createStreamPending();
    let pulls = 0;
    const source = new ReadableStream({
      pull(controller) {
        if (pulls++ === 0) controller.enqueue("one");
        else controller.error(new Error("upstream broke"));
      },
    });
    const text = serialize(source, "step-return-value", { types: createHostStreamTypes({ store, pending }) });
    await pending.settle();
    const reader = (deserialize(text, "step-arguments", { types: createHostStreamTypes({ store }) }) as ReadableStream).getReader();
    expect(await reader.read()).toEqual({ done: false, value: "one" });
    await expect(reader.read()).rejects.toThrow("upstream broke");
  });

  it("passes a revived stream on by its name, from the chunk its reader reached", async () => {
    const { store } = await open();
    const pending = createStreamPending();
    const types = createHostStreamTypes({ store, pending });
    const first = serialize(streamOf([1, 2, 3]), "step-return-value", { types });
    await pending.settle();
    const revived = deserialize(first, "step-arguments", { types }) as ReadableStream<number>;
    const reader = revived.getReader();
    expect(await reader.read()).toEqual({ done: false, value: 1 });
    reader.releaseLock();
    const again = serialize(revived, "step-return-value", { types });
    expect(again).toContain(JSON.parse(first)[1].name ?? "strm_");
    expect(await collect(deserialize(again, "step-arguments", { types }) as ReadableStream)).toEqual([2, 3]);
  });

  it("refuses locked streams", async () => {
    const { store } = await open();
    const types = createHostStreamTypes({ store });
    const locked = streamOf([1]);
    locked.getReader();
    expect(() => serialize([locked], "step-arguments", { types })).toThrow(/ReadableStream is locked/);
    const lockedWritable = new WritableStream();
    lockedWritable.getWriter();
    expect(() => serialize(lockedWritable, "step-arguments", { types })).toThrow(/WritableStream is locked/);
  });

  it("feeds a client's WritableStream from the stored stream a step writes to", async () => {
    const { store } = await open();
    const received: unknown[] = [];
    let closed!: () => void;
    const done = new Promise<void>((resolve) => (closed = resolve));
    const sink = new WritableStream({ write: (chunk) => void received.push(chunk), close: () => closed() });
    const text = serialize([sink], "workflow-arguments", { types: createHostStreamTypes({ store }) });
    const pending = createStreamPending();
    const [stepWritable] = deserialize(text, "step-arguments", { types: createHostStreamTypes({ store, pending }) }) as [WritableStream];
    const writer = stepWritable.getWriter();
    void writer.write("progress");
    void writer.write({ done: true });
    await writer.close();
    await pending.settle();
    await done;
    expect(received).toEqual(["progress", { done: true }]);
  });

  it("keeps streams opaque handles inside the workflow realm, carrying only their name", async () => {
    const { store } = await open();
    const global = sandbox();
    const pending = createStreamPending();
    const fromStep = serialize(streamOf(["x"]), "step-return-value", { types: createHostStreamTypes({ store, pending }) });
    await pending.settle();
    const handle = deserialize(fromStep, "step-return-value", { global, types: createSandboxStreamTypes() });
    global.handle = handle;
    expect(run("handle instanceof ReadableStream && handle instanceof Object", global)).toBe(true);
    expect(run("Object.prototype.toString.call(handle)", global)).toBe("[object ReadableStream]");
    expect(() => run("handle.getReader()", global)).toThrow(/ReadableStream\.getReader\(\) cannot be used in a workflow function: pass it to a step/);
    expect(() => run("new ReadableStream()", global)).toThrow(/cannot be created in a workflow function/);
    // Passed on to a step, the handle becomes a real stream reading the same stored chunks.
    const toStep = serialize([handle], "step-arguments", { types: createSandboxStreamTypes() });
    const [readable] = deserialize(toStep, "step-arguments", { types: createHostStreamTypes({ store }) }) as [ReadableStream];
    expect(await collect(readable)).toEqual(["x"]);
  });

  it("turns the workflow's getWritable() handle into a step writable of the run's stream", async () => {
    const { store } = await open();
    const global = sandbox();
    const handle = getWorkflowWritable(global, RUN, { namespace: "logs" });
    expect(() => handle.getWriter()).toThrow(/WritableStream\.getWriter\(\) cannot be used in a workflow function/);
    const text = serialize([handle], "step-arguments", { types: createSandboxStreamTypes() });
    const pending = createStreamPending();
    const [writable] = deserialize(text, "step-arguments", { types: createHostStreamTypes({ store, pending }) }) as [WritableStream];
    const writer = writable.getWriter();
    void writer.write("line");
    writer.releaseLock();
    await pending.settle();
    await writable.close();
    expect(await collect(createStreamReadable(store, "strm_01ARZ3NDEKTSV4RRFFQ69G5FAV_user_bG9ncw"))).toEqual(["line"]);
  });

  it("rejects stream names from the log that this runtime could not have written", async () => {
    const { store } = await open();
    const types = createHostStreamTypes({ store });
    for (const row of ["WritableStream", "ReadableStream"]) {
      const forged = `[["${row}",1],{"name":2},"../../x"]`;
      expect(() => deserialize(forged, "step-arguments", { types })).toThrow(/Invalid stream name "..\/..\/x"/);
    }
  });
});
