import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getHookByToken, resumeHook, start } from "../api/index.ts";
import { createTestRuntime, FIXTURES_DIR, loadFixture, ROOT } from "./__fixtures__/harness.ts";

let fixture: Awaited<ReturnType<typeof loadFixture>>;
let env: Awaited<ReturnType<typeof createTestRuntime>>;
const wf = () => fixture.module;
const temp = mkdtempSync(join(tmpdir(), "wf-streams-"));
const readerFile = join(temp, "reader.mjs");
const MiB = 2 ** 20;

beforeAll(async () => {
  fixture = await loadFixture("streams.ts");
  env = await createTestRuntime(fixture.bundle);
  await build({
    entryPoints: [join(FIXTURES_DIR, "stream-reader.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: readerFile,
    logLevel: "error",
    absWorkingDir: ROOT,
    banner: { js: "import { createRequire as __wfRequire } from 'node:module'; const require = __wfRequire(import.meta.url);" },
  });
});
afterAll(async () => {
  await env?.close();
  rmSync(temp, { recursive: true, force: true });
});

async function readAll<T>(stream: ReadableStream<T>): Promise<T[]> {
  const chunks: T[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<T>) chunks.push(chunk);
  return chunks;
}

async function hookReady(token: string) {
  while (!(await getHookByToken(token).catch(() => undefined))) await new Promise((resolve) => setTimeout(resolve, 2));
}

describe("getWritable / run.getReadable", () => {
  test("structured and byte chunks from several steps; namespaces; close; run end closes the rest", async () => {
    const run = await start(wf().streamWriter);
    expect(await run.returnValue).toContain("cannot be used in a workflow function");
    expect(await readAll(run.readable)).toEqual([1, { at: new Date(0) }, "three"]);
    expect(await readAll(run.getReadable({ startIndex: 2 }))).toEqual(["three"]);
    const bin = (await readAll(run.getReadable<Uint8Array>({ namespace: "bin" }))).map((chunk) => [...chunk]);
    expect(bin).toHaveLength(3);
    expect(bin).toEqual(expect.arrayContaining([[...new TextEncoder().encode("b1")], [1, 2]]));
    expect(bin[2]).toEqual([...new TextEncoder().encode("b3")]);
    expect(await env.runtime.listStreams(run.runId)).toHaveLength(2);
  });

  test("a reader replays from any index, then tails live until the run ends", async () => {
    const token = `live-${Date.now()}`;
    const run = await start(wf().liveWriter, [token]);
    await hookReady(token);
    await resumeHook(token, "a");
    await resumeHook(token, "b");
    const reader = run.getReadable<string>({ startIndex: 1 }).getReader();
    expect(await reader.read()).toEqual({ done: false, value: "b" });
    const next = reader.read();
    await resumeHook(token, "c");
    expect(await next).toEqual({ done: false, value: "c" });
    await resumeHook(token, "end");
    expect(await reader.read()).toEqual({ done: true, value: undefined });
    expect(await run.returnValue).toBe("done");
  });

  test("a reader in another process sees new chunks live and sees the close", async () => {
    const token = `remote-${Date.now()}`;
    const run = await start(wf().liveWriter, [token]);
    await hookReady(token);
    const child = spawn(process.execPath, [readerFile], { env: { ...process.env, WF_DATA_DIR: env.dataDir, WF_RUN_ID: run.runId }, stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    const waiters: Array<() => void> = [];
    child.stdout!.on("data", (data) => {
      output += String(data);
      for (const wake of waiters.splice(0)) wake();
    });
    const until = async (text: string) => {
      while (!output.includes(text)) await new Promise<void>((resolve) => waiters.push(resolve));
    };
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    await until("ready");
    await resumeHook(token, "first");
    await until('chunk "first"');
    await resumeHook(token, "second");
    await until('chunk "second"');
    expect(output).not.toContain("end");
    await resumeHook(token, "end");
    await until("end\n");
    expect(await exited).toBe(0);
    expect(output.trim().split("\n")).toEqual(["ready", 'chunk "first"', 'chunk "second"', "end"]);
  });
});

describe("streams as arguments and return values", () => {
  test("a 10 MB byte stream passed between two steps is never held in memory", async () => {
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    try {
      const run = await start(wf().pipeBytes, [10 * MiB]);
      expect(await run.returnValue).toEqual({ bytes: 10 * MiB, chunks: 160, ordered: true });
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    expect((peak - baseline) / MiB).toBeLessThan(50);
  });

  test("a ReadableStream given to start() reaches a step", async () => {
    const body = new Blob([new Uint8Array(1000).fill(0)]).stream();
    const run = await start(wf().countUpload, [body]);
    expect(await run.returnValue).toMatchObject({ bytes: 1000, ordered: true });
  });

  test("a WritableStream given to start() receives what steps write, and is closed by a step", async () => {
    const received: unknown[] = [];
    let markClosed!: () => void;
    const closed = new Promise<void>((resolve) => (markClosed = resolve));
    const sink = new WritableStream({
      write: (chunk) => void received.push(chunk),
      close: () => markClosed(),
    });
    const run = await start(wf().fillSink, [sink]);
    expect(await run.returnValue).toBe("filled");
    await closed;
    expect(received).toEqual(["x", { y: 2 }]);
  });
});
