import { appendFileSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { WorldChange } from "../world.ts";
import { createTempWorlds } from "./testing/temp-worlds.ts";

const open = createTempWorlds("wf-streams-");

const text = (s: string) => new TextEncoder().encode(s);
async function collect(iterable: AsyncIterable<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of iterable) out.push(Buffer.from(chunk).toString("latin1"));
  return out;
}

describe("fs world: streams", () => {
  it("replays written chunks, tails live ones and ends at close", async () => {
    const { world } = await open();
    const name = "strm_01ARZ3NDEKTSV4RRFFQ69G5FAV_user";
    await world.streams.write(name, [text("a"), text("b")]);
    const reading = collect(world.streams.read(name));
    const fromIndex = collect(world.streams.read(name, { startIndex: 1 }));
    await new Promise((r) => setTimeout(r, 5));
    await world.streams.write(name, [text("c")]);
    await world.streams.write(name, [new Uint8Array([0, 255, 10, 13])]);
    await world.streams.close(name);
    expect(await reading).toEqual(["a", "b", "c", "\x00\xff\n\r"]);
    expect(await fromIndex).toEqual(["b", "c", "\x00\xff\n\r"]);
    // After close a new reader replays everything and finishes.
    expect(await collect(world.streams.read(name, { startIndex: 3 }))).toEqual(["\x00\xff\n\r"]);
  });

  it("stores a step attempt's tagged text chunk as readable text, and gives back the exact bytes", async () => {
    const { world, dataDir } = await open();
    const name = "strm_01ARZ3NDEKTSV4RRFFQ69G5FAV_user";
    const label = "step_01ARZ3NDEKTSV4RRFFQ69G5FAV_0:2";
    const record = new Uint8Array([0x03, label.length, ...text(label), 0x01, ...text('["chunk-1"]')]);
    await world.streams.write(name, [record]);
    await world.streams.close(name);
    const stored = readFileSync(join(dataDir, "streams", name, "chunks.jsonl"), "utf8");
    expect(stored).toContain('"t":');
    expect(stored).toContain(label);
    const [read] = await collect(world.streams.read(name));
    expect([...Buffer.from(read, "latin1")]).toEqual([...record]);
  });

  it("lets a reader of another instance see chunks and the close live", async () => {
    const { world: writer, dataDir } = await open();
    const { world: reader } = await open(dataDir);
    const name = "ns/with spaces/ünïcode";
    const received: string[] = [];
    const reading = (async () => {
      for await (const chunk of reader.streams.read(name)) received.push(Buffer.from(chunk).toString("utf8"));
    })();
    for (let i = 0; i < 5; i++) {
      await writer.streams.write(name, [text(`chunk-${i}`)]);
      await new Promise((r) => setTimeout(r, 3));
    }
    await writer.streams.close(name);
    await reading;
    expect(received).toEqual(["chunk-0", "chunk-1", "chunk-2", "chunk-3", "chunk-4"]);
    expect(readdirSync(join(dataDir, "streams"))).toEqual([`~${Buffer.from(name).toString("base64url")}`]);
  });

  it("stops a reader on abort and ignores a torn last line", async () => {
    const { world, dataDir } = await open();
    await world.streams.write("s1", [text("one")]);
    appendFileSync(join(dataDir, "streams", "s1", "chunks.jsonl"), '{"t":"to');
    const controller = new AbortController();
    const got: string[] = [];
    const reading = (async () => {
      for await (const chunk of world.streams.read("s1", { signal: controller.signal })) got.push(Buffer.from(chunk).toString());
    })();
    await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    await reading;
    expect(got).toEqual(["one"]);
    await world.streams.write("s1", [text("two")]);
    await world.streams.close("s1");
    expect(await collect(world.streams.read("s1"))).toEqual(["one", "two"]);
  });

  it("appends after lines another instance wrote, over a torn tail a crashed writer left", async () => {
    const { world: a, dataDir } = await open();
    const { world: b } = await open(dataDir);
    await a.streams.write("s2", [text("a1")]);
    // Another writer appends more than one read window of lines, then a crashed writer leaves half a line.
    const many = Array.from({ length: 3000 }, (_, i) => text(`b${i}-${"x".repeat(40)}`));
    await b.streams.write("s2", many);
    appendFileSync(join(dataDir, "streams", "s2", "chunks.jsonl"), '{"t":"torn-and-long-'.padEnd(70_000, "y"));
    await a.streams.write("s2", [text("a2")]);
    await b.streams.close("s2");
    const got = await collect(a.streams.read("s2"));
    expect(got).toHaveLength(3002);
    expect(got[0]).toBe("a1");
    expect(got[3000]).toBe(`b2999-${"x".repeat(40)}`);
    expect(got[3001]).toBe("a2");
  });

  it("rejects names that do not fit one path segment", async () => {
    const { world } = await open();
    await expect(world.streams.write("", [text("x")])).rejects.toMatchObject({ code: "ERR_WORLD_INVALID_INPUT" });
    await expect(world.streams.write("x".repeat(500), [text("x")])).rejects.toMatchObject({ code: "ERR_WORLD_INVALID_INPUT" });
    await expect(world.streams.write("ok", ["not bytes" as never])).rejects.toMatchObject({ code: "ERR_WORLD_INVALID_INPUT" });
  });
});

describe("fs world: watch", () => {
  it("reports this process's changes immediately and another instance's changes via the file watcher", async () => {
    const { world: a, dataDir } = await open();
    const { world: b } = await open(dataDir);
    const local: WorldChange[] = [];
    const remote: WorldChange[] = [];
    const stopLocal = a.watch((c) => local.push(c));
    const stopRemote = b.watch((c) => remote.push(c));
    await new Promise((r) => setTimeout(r, 100));
    const { runId } = await a.createRun({ workflowName: "workflow//w", input: "[]", seed: "s" });
    expect(local).toContainEqual({ type: "run", runId, ended: false });
    await a.streams.write("s", [text("x")]);
    expect(local).toContainEqual({ type: "stream", name: "s" });
    await a.hooks.claim({ token: "tok", runId, hookId: "hook_1", kind: "hook", createdAt: Date.now() });
    expect(local).toContainEqual({ type: "hook", token: "tok" });
    await expect.poll(() => remote, { timeout: 5000 }).toEqual(
      expect.arrayContaining([{ type: "run", runId }, { type: "stream", name: "s" }, { type: "hook", token: "tok" }]),
    );
    stopLocal();
    stopRemote();
  });

  it("says whether the run ended in the notices of this process's appends", async () => {
    const { world } = await open();
    const changes: WorldChange[] = [];
    const stop = world.watch((c) => changes.push(c));
    const { runId } = await world.createRun({ workflowName: "workflow//w", input: "[]", seed: "s" });
    await world.appendEvents(runId, [{ type: "run_started" }]);
    expect(changes.at(-1)).toEqual({ type: "run", runId, ended: false });
    await world.appendEvents(runId, [{ type: "run_completed", output: "[]" }]);
    expect(changes.at(-1)).toEqual({ type: "run", runId, ended: true });
    stop();
  });
});
