import { describe, expect, it } from "vitest";
import { createStreamReadable } from "./create-stream-readable.ts";
import { createStreamWritable } from "./create-stream-writable.ts";
import { userStreamName } from "./stream-names.ts";
import { createStreamPending } from "./stream-pending.ts";
import { collect, useTestWorlds } from "./testing/open-test-world.ts";

const RUN = "wrun_01ARZ3NDEKTSV4RRFFQ69G5FAV";
const NAME = userStreamName(RUN);
const open = useTestWorlds();
/** Chunks durably stored right now (a fresh reader of an unclosed stream, stopped once it caught up). */
async function stored(store: Parameters<typeof createStreamReadable>[0], name: string): Promise<number> {
  const abort = new AbortController();
  let count = 0;
  const reading = (async () => {
    for await (const _ of store.read(name, { signal: abort.signal })) count++;
  })();
  await new Promise((resolve) => setTimeout(resolve, 20));
  abort.abort();
  await reading;
  return count;
}

describe("createStreamWritable / createStreamReadable", () => {
  it("gives readers exactly the chunks written: bytes as Uint8Array, values revived", async () => {
    const { store } = await open();
    const writer = createStreamWritable(store, NAME).getWriter();
    await writer.write(new TextEncoder().encode("raw"));
    await writer.write({ at: new Date(5), n: 1n });
    await writer.write("text");
    await writer.close();
    const chunks = await collect(createStreamReadable(store, NAME));
    expect(chunks[0]).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(chunks[0] as Uint8Array)).toBe("raw");
    expect(chunks.slice(1)).toEqual([{ at: new Date(5), n: 1n }, "text"]);
    expect(await collect(createStreamReadable(store, NAME, { startIndex: 2 }))).toEqual(["text"]);
  });

  it("tails live chunks to a reader that started first, and ends at close", async () => {
    const { store } = await open();
    const reader = createStreamReadable<number>(store, NAME).getReader();
    const writer = createStreamWritable<number>(store, NAME).getWriter();
    const first = reader.read();
    await writer.write(1);
    expect(await first).toEqual({ done: false, value: 1 });
    await writer.write(2);
    expect(await reader.read()).toEqual({ done: false, value: 2 });
    await writer.close();
    expect(await reader.read()).toEqual({ done: true, value: undefined });
  });

  it("coalesces writes queued back to back into few durable store writes, in order", async () => {
    const { store } = await open();
    const writer = createStreamWritable<number>(store, NAME).getWriter();
    for (let i = 0; i < 200; i++) void writer.write(i);
    await writer.close();
    // Closed: everything written before is durable.
    expect(await stored(store, NAME)).toBe(200);
    expect(store.writes).toBeLessThan(20);
    expect(await collect(createStreamReadable(store, NAME))).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it("groups writes awaited one by one while a store write is in flight, in order", async () => {
    const { store } = await open();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const batches: number[] = [];
    const slow = {
      ...store,
      async write(name: string, chunks: Uint8Array[]) {
        batches.push(chunks.length);
        await gate;
        return store.write(name, chunks);
      },
    };
    const writer = createStreamWritable<number>(slow, NAME).getWriter();
    // The first store write is held: the writes awaited after it still resolve, and wait in one batch.
    for (let i = 0; i < 100; i++) await writer.write(i);
    expect(batches).toEqual([1]);
    release();
    await writer.close();
    expect(batches).toEqual([1, 99]);
    expect(await collect(createStreamReadable(store, NAME))).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it("makes write() wait for the store once a batch worth of chunks is not yet stored", async () => {
    const { store } = await open();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = {
      ...store,
      async write(name: string, chunks: Uint8Array[]) {
        await gate;
        return store.write(name, chunks);
      },
    };
    const writer = createStreamWritable<Uint8Array>(slow, NAME).getWriter();
    await writer.write(new Uint8Array(1));
    let settled = false;
    const big = writer.write(new Uint8Array(300 * 1024)).then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(settled).toBe(false);
    release();
    await big;
    await writer.close();
    expect(await stored(store, NAME)).toBe(2);
  });

  it("lets a pending collector wait for writes nobody awaited", async () => {
    const { store } = await open();
    const pending = createStreamPending();
    const writer = createStreamWritable<string>(store, NAME, { pending }).getWriter();
    void writer.write("a");
    void writer.write("b");
    writer.releaseLock();
    await pending.settle();
    expect(await stored(store, NAME)).toBe(2);
  });

  it("makes a failing store fail the pending collector (chunks not durable)", async () => {
    const { store } = await open();
    const failing = { ...store, write: () => Promise.reject(new Error("disk full")) };
    const pending = createStreamPending();
    const writer = createStreamWritable<string>(failing, NAME, { pending }).getWriter();
    void writer.write("a").catch(() => undefined);
    await expect(pending.settle()).rejects.toThrow("disk full");
    await expect(writer.write("b")).rejects.toThrow("disk full");
    const closing = createStreamWritable<string>(failing, NAME).getWriter();
    void closing.write("a").catch(() => undefined);
    await expect(closing.close()).rejects.toThrow("disk full");
  });

  it("rejects a chunk that cannot be serialized and keeps the chunks before it", async () => {
    const { store } = await open();
    const pending = createStreamPending();
    const writer = createStreamWritable<unknown>(store, NAME, { pending }).getWriter();
    void writer.write("kept");
    await expect(writer.write({ fn: () => 1 })).rejects.toThrow(/stream chunk/);
    await pending.settle();
    expect(await stored(store, NAME)).toBe(1);
  });

  it("records an abort so readers error with its reason", async () => {
    const { store } = await open();
    const writer = createStreamWritable<string>(store, NAME).getWriter();
    await writer.write("before");
    await writer.abort(new TypeError("producer gave up"));
    const reader = createStreamReadable<string>(store, NAME).getReader();
    expect(await reader.read()).toEqual({ done: false, value: "before" });
    await expect(reader.read()).rejects.toThrow("producer gave up");
  });

  it("cancels a live read", async () => {
    const { store } = await open();
    const readable = createStreamReadable(store, NAME);
    const reader = readable.getReader();
    const read = reader.read();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await reader.cancel();
    expect(await read).toEqual({ done: true, value: undefined });
  });

  it("rejects invalid names and start indexes before touching the store", async () => {
    const { store } = await open();
    expect(() => createStreamWritable(store, "../../etc")).toThrow(/Invalid stream name/);
    expect(() => createStreamReadable(store, NAME, { startIndex: -1 })).toThrow(/Invalid stream start index/);
  });
});
