import { createHook, getWritable } from "workflow";

export async function writeValues(writable: WritableStream<unknown>, values: unknown[]) {
  "use step";
  const writer = writable.getWriter();
  for (const value of values) await writer.write(value);
  writer.releaseLock();
}

export async function writeText(namespace: string | undefined, text: string) {
  "use step";
  const writer = getWritable<Uint8Array>(namespace === undefined ? undefined : { namespace }).getWriter();
  // Not awaited: the chunk must still be durable before the step completes.
  void writer.write(new TextEncoder().encode(text));
  writer.releaseLock();
}

export async function closeStream(namespace: string | undefined) {
  "use step";
  await getWritable(namespace === undefined ? undefined : { namespace }).close();
}

export async function closeSink(sink: WritableStream<unknown>) {
  "use step";
  await sink.close();
}

export async function streamWriter() {
  "use workflow";
  const writable = getWritable();
  let direct = "";
  try {
    writable.getWriter();
  } catch (error) {
    direct = (error as Error).message;
  }
  await writeValues(writable, [1, { at: new Date(0) }, "three"]);
  await Promise.all([writeText("bin", "b1"), writeValues(getWritable({ namespace: "bin" }), [new Uint8Array([1, 2])])]);
  await writeText("bin", "b3");
  await closeStream("bin");
  // The default stream is left open: it closes when the run ends.
  return direct;
}

export async function liveWriter(token: string) {
  "use workflow";
  const hook = createHook<string>({ token });
  for await (const text of hook) {
    if (text === "end") break;
    await writeValues(getWritable(), [text]);
  }
  return "done";
}

export async function produce(total: number, chunkSize: number) {
  "use step";
  let produced = 0;
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (produced >= total) return controller.close();
      const chunk = new Uint8Array(Math.min(chunkSize, total - produced));
      chunk.fill(index++ % 256);
      produced += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
}

export async function consume(stream: ReadableStream<Uint8Array>) {
  "use step";
  let bytes = 0;
  let chunks = 0;
  let ordered = true;
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    if (chunk[0] !== chunks % 256) ordered = false;
    bytes += chunk.byteLength;
    chunks++;
  }
  return { bytes, chunks, ordered };
}

export async function pipeBytes(total: number) {
  "use workflow";
  const stream = await produce(total, 64 * 1024);
  return await consume(stream);
}

export async function countUpload(body: ReadableStream<Uint8Array>) {
  "use workflow";
  return await consume(body);
}

export async function fillSink(sink: WritableStream<unknown>) {
  "use workflow";
  await writeValues(sink, ["x", { y: 2 }]);
  await closeSink(sink);
  return "filled";
}
