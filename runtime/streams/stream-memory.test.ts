import { describe, expect, it } from "vitest";
import { deserialize, serialize } from "../serialization/serialize.ts";
import type { StreamStore } from "../world/world.ts";
import { createHostStreamTypes } from "./host-stream-types.ts";
import { createStreamPending } from "./stream-pending.ts";
import { useTestWorlds } from "./testing/open-test-world.ts";

const MiB = 2 ** 20;
const CHUNK = 64 * 1024;
const TOTAL = 10 * MiB;
const open = useTestWorlds();

describe("a 10 MB byte stream passed between two steps", () => {
  it("is streamed through the store in bounded chunks, never held in memory", async () => {
    const opened = await open();
    let durable = 0;
    const store: StreamStore = {
      ...opened.store,
      async write(name, records) {
        await opened.store.write(name, records);
        for (const record of records) durable += record.byteLength - 1;
      },
    };
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    let maxAhead = 0;
    const sample = () => {
      peak = Math.max(peak, process.memoryUsage().rss);
    };
    // Step 1 returns a lazily produced byte stream; the engine settles `pending` before step_completed.
    let produced = 0;
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        sample();
        maxAhead = Math.max(maxAhead, produced - durable);
        if (produced >= TOTAL) return controller.close();
        const chunk = new Uint8Array(CHUNK);
        chunk.fill(produced / CHUNK);
        produced += CHUNK;
        controller.enqueue(chunk);
      },
    });
    const pending = createStreamPending();
    const result = serialize(source, "step-return-value", { types: createHostStreamTypes({ store, pending }) });
    await pending.settle();
    expect(durable).toBe(TOTAL);
    // Backpressure: the producer is never asked for more than a few MiB beyond what is durable.
    expect(maxAhead).toBeLessThanOrEqual(3 * MiB);

    // Step 2 receives it as an argument and reads it through, one chunk at a time.
    const readable = deserialize(result, "step-arguments", { types: createHostStreamTypes({ store }) }) as ReadableStream<Uint8Array>;
    let received = 0;
    let chunks = 0;
    for await (const chunk of readable as unknown as AsyncIterable<Uint8Array>) {
      expect(chunk[0]).toBe(chunks % 256);
      received += chunk.byteLength;
      chunks++;
      sample();
    }
    expect(received).toBe(TOTAL);
    expect(chunks).toBe(TOTAL / CHUNK);
    // A coarse guard against holding the stream: most of the growth is garbage awaiting collection
    // (the filesystem store encodes and reads chunks as JSON/base64 text), not retained memory.
    expect((peak - baseline) / MiB).toBeLessThan(120);
  });
});
