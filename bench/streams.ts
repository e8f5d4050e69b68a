import { createStreamReadable } from "../runtime/streams/create-stream-readable.ts";
import { createStreamWritable } from "../runtime/streams/create-stream-writable.ts";
import { userStreamName } from "../runtime/streams/stream-names.ts";
import { openTestWorld } from "../runtime/streams/testing/open-test-world.ts";

interface Row {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

const RUN = "wrun_01ARZ3NDEKTSV4RRFFQ69G5FAV";

function percentile(samples: number[], p: number): number {
  const sorted = samples.toSorted((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

/**
 * Stream chunk latency on the filesystem world, same process: from a step's `writer.write()` to the chunk
 * arriving at a `run.readable`-style reader (one chunk in flight at a time), plus byte throughput.
 */
export async function benchStreams(): Promise<Row[]> {
  const { store, dispose } = await openTestWorld();
  try {
    const name = userStreamName(RUN);
    const reader = createStreamReadable<{ i: number; at: number }>(store, name).getReader();
    const writer = createStreamWritable<{ i: number; at: number }>(store, name).getWriter();
    const samples: number[] = [];
    for (let i = 0; i < 300; i++) {
      const at = performance.now();
      void writer.write({ i, at });
      const { value } = await reader.read();
      if (i >= 20) samples.push(performance.now() - value!.at);
    }
    await writer.close();
    await reader.cancel();

    const bytesName = userStreamName(RUN, "bytes");
    const chunk = new Uint8Array(64 * 1024).fill(7);
    const total = 32 * 1024 * 1024;
    const start = performance.now();
    const bytesWriter = createStreamWritable<Uint8Array>(store, bytesName).getWriter();
    const reading = (async () => {
      let received = 0;
      for await (const part of createStreamReadable<Uint8Array>(store, bytesName) as unknown as AsyncIterable<Uint8Array>) received += part.byteLength;
      return received;
    })();
    for (let sent = 0; sent < total; sent += chunk.byteLength) {
      await bytesWriter.ready;
      void bytesWriter.write(chunk);
    }
    await bytesWriter.close();
    await reading;
    const seconds = (performance.now() - start) / 1000;
    return [
      { name: "stream chunk latency (median)", value: percentile(samples, 0.5), unit: "ms", target: "<= 2" },
      { name: "stream chunk latency (p95)", value: percentile(samples, 0.95), unit: "ms" },
      { name: "stream byte throughput (64 KB chunks)", value: total / 2 ** 20 / seconds, unit: "MB/s" },
    ];
  } finally {
    await dispose();
  }
}
