import { afterEach, beforeEach, expect, test } from "vitest";
import type { StreamStore } from "../world.ts";
import type { WorldFactory, WorldStore } from "./world-factory.ts";
import { until } from "./world-factory.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (chunk: Uint8Array) => new TextDecoder().decode(chunk);

/** Reads a stream in the background, collecting chunks as text until it ends. */
export function tail(streams: StreamStore, name: string, options: { startIndex?: number; signal?: AbortSignal } = {}) {
  const chunks: string[] = [];
  const done = (async () => {
    for await (const chunk of streams.read(name, options)) chunks.push(text(chunk));
  })();
  return { chunks, done };
}

/** Stream chunk logs: ordered chunks, reads from an index, live tails that end when the stream closes. */
export function describeStreamsContract(factory: WorldFactory): void {
  let store: WorldStore;
  beforeEach(async () => {
    store = await factory();
  });
  afterEach(() => store.dispose());

  test("chunks are read back in order, from any start index, and reads end at close", async () => {
    const { streams } = store.world;
    await streams.write("strm_conformance_a", [bytes("zero"), bytes("one")]);
    await streams.write("strm_conformance_a", [bytes("two")]);
    await streams.write("strm_conformance_a", [new Uint8Array([0, 255, 10, 13])]);
    await streams.close("strm_conformance_a");
    const all = tail(streams, "strm_conformance_a");
    await all.done;
    expect(all.chunks.slice(0, 3)).toEqual(["zero", "one", "two"]);
    const fromTwo: Uint8Array[] = [];
    for await (const chunk of streams.read("strm_conformance_a", { startIndex: 2 })) fromTwo.push(chunk);
    expect(fromTwo.map((chunk) => [...chunk])).toEqual([[...bytes("two")], [0, 255, 10, 13]]);
    const pastTheEnd = tail(streams, "strm_conformance_a", { startIndex: 9 });
    await pastTheEnd.done;
    expect(pastTheEnd.chunks).toEqual([]);
  });

  test("a reader tails live writes until the stream closes", async () => {
    const { streams } = store.world;
    await streams.write("strm_conformance_live", [bytes("before")]);
    const reader = tail(streams, "strm_conformance_live");
    await until(() => reader.chunks.length === 1, "the chunk written before reading");
    await streams.write("strm_conformance_live", [bytes("during-1")]);
    await until(() => reader.chunks.length === 2, "a chunk written while reading");
    await streams.write("strm_conformance_live", [bytes("during-2"), bytes("during-3")]);
    await streams.close("strm_conformance_live");
    await reader.done;
    expect(reader.chunks).toEqual(["before", "during-1", "during-2", "during-3"]);
  });

  test("a reader may start before the stream's first write", async () => {
    const { streams } = store.world;
    const reader = tail(streams, "strm_conformance_early");
    await streams.write("strm_conformance_early", [bytes("first")]);
    await streams.close("strm_conformance_early");
    await reader.done;
    expect(reader.chunks).toEqual(["first"]);
  });

  test("aborting a reader's signal ends its read", async () => {
    const { streams } = store.world;
    const controller = new AbortController();
    await streams.write("strm_conformance_abort", [bytes("x")]);
    const reader = tail(streams, "strm_conformance_abort", { signal: controller.signal });
    await until(() => reader.chunks.length === 1, "the first chunk");
    controller.abort();
    await reader.done.catch(() => undefined);
    expect(reader.chunks).toEqual(["x"]);
  });

  test("streams are independent", async () => {
    const { streams } = store.world;
    await streams.write("strm_conformance_x", [bytes("x")]);
    await streams.write("strm_conformance_y", [bytes("y")]);
    await streams.close("strm_conformance_x");
    await streams.close("strm_conformance_y");
    const [x, y] = [tail(streams, "strm_conformance_x"), tail(streams, "strm_conformance_y")];
    await Promise.all([x.done, y.done]);
    expect([x.chunks, y.chunks]).toEqual([["x"], ["y"]]);
  });
}
