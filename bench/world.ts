import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NewWorkflowEvent, WorkflowEvent } from "../runtime/events/event.ts";
import { createFsWorld } from "../runtime/world/fs/create-fs-world.ts";
import { encodeBatch } from "../runtime/world/fs/log-lines.ts";
import { createUlidGenerator } from "../runtime/world/fs/ulid.ts";
import type { World } from "../runtime/world/world.ts";
import { median } from "./median.ts";

interface Row {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

const RUN = { workflowName: "workflow//bench.ts//wf", input: "[]", seed: "seed" };
const step = (i: number): NewWorkflowEvent => ({ type: "step_created", correlationId: `step_${i}`, stepName: "step//bench.ts//s", input: "[1]" });

async function timeEach(count: number, task: (i: number) => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await task(i);
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/** Writes `count` finished runs of 12 events straight in the store's format (no fsync), to grow the store fast. */
function seedRuns(dataDir: string, count: number): void {
  const ulid = createUlidGenerator();
  const start = Date.now() - count * 10;
  for (let r = 0; r < count; r++) {
    const runId = `wrun_${ulid.next(start + r)}`;
    const events: WorkflowEvent[] = [];
    const base = { runId, createdAt: start + r };
    events.push({ ...base, eventId: `evnt_${ulid.next(start + r)}`, type: "run_created", ...RUN });
    for (let i = 0; i < 10; i++) events.push({ ...base, eventId: `evnt_${ulid.next(start + r)}`, ...step(i) } as WorkflowEvent);
    events.push({ ...base, eventId: `evnt_${ulid.next(start + r)}`, type: "run_completed", output: "1" });
    const bytes = encodeBatch(events.slice(0, 1));
    const rest = Buffer.concat(events.slice(1).map((e) => encodeBatch([e])));
    mkdirSync(join(dataDir, "runs", runId), { recursive: true });
    writeFileSync(join(dataDir, "runs", runId, "events.jsonl"), Buffer.concat([bytes, rest]));
  }
}

async function measure(world: World, label: string): Promise<Row[]> {
  const { runId } = await world.createRun(RUN);
  const append1 = await timeEach(300, (i) => world.appendEvents(runId, [step(i)]));
  const append3 = await timeEach(300, (i) => world.appendEvents(runId, [step(1000 + 3 * i), step(1001 + 3 * i), step(1002 + 3 * i)]));
  // The run now holds 1,201 events; the engine's pattern is "append, then read what is new since index N".
  let from = (await world.readEvents(runId))!.length;
  const readSamples: number[] = [];
  for (let i = 0; i < 300; i++) {
    await world.appendEvents(runId, [step(5000 + i)]);
    const start = performance.now();
    from += (await world.readEvents(runId, from))!.length;
    readSamples.push(performance.now() - start);
  }
  const readTail = median(readSamples);
  const create = await timeEach(100, () => world.createRun(RUN));

  const latencies: number[] = [];
  const lateness: number[] = [];
  let onDelivery: ((at: number) => void) | undefined;
  const stop = world.queue.consume(async () => onDelivery?.(performance.now()));
  await new Promise((resolve) => setTimeout(resolve, 20));
  for (let i = 0; i < 200; i++) {
    const delivered = new Promise<number>((resolve) => (onDelivery = resolve));
    const start = performance.now();
    await world.queue.enqueue({ kind: "flow", id: `m${label}${i}`, runId, dueAt: Date.now() });
    latencies.push((await delivered) - start);
  }
  for (let i = 0; i < 20; i++) {
    const delivered = new Promise<number>((resolve) => (onDelivery = resolve));
    const dueAt = Date.now() + 20;
    await world.queue.enqueue({ kind: "flow", id: `t${label}${i}`, runId, dueAt });
    await delivered;
    lateness.push(Date.now() - dueAt);
  }
  stop();
  return [
    { name: `append 1 event (fsync'd)${label}`, value: append1, unit: "ms", target: "< 0.5" },
    { name: `append batch of 3 (one fsync)${label}`, value: append3, unit: "ms", target: "< 0.6" },
    { name: `readEvents tail of a 1,500-event run${label}`, value: readTail, unit: "ms", target: "< 0.1" },
    { name: `createRun${label}`, value: create, unit: "ms" },
    { name: `enqueue -> delivery (due now)${label}`, value: median(latencies), unit: "ms", target: "< 1" },
    { name: `timer lateness (due in 20 ms)${label}`, value: median(lateness), unit: "ms", target: "< 2" },
  ];
}

/** World benchmarks: append/read/queue latency on an empty store and on one holding 10,000 runs. */
export async function benchWorld(): Promise<Row[]> {
  const rows: Row[] = [];
  const empty = mkdtempSync(join(tmpdir(), "wf-bench-world-"));
  const full = mkdtempSync(join(tmpdir(), "wf-bench-world-10k-"));
  try {
    const world = await createFsWorld({ dataDir: empty });
    rows.push(...(await measure(world, "")));
    await world.close();

    const seedStart = performance.now();
    seedRuns(full, 10_000);
    const seeded = performance.now() - seedStart;
    const big = await createFsWorld({ dataDir: full });
    rows.push(...(await measure(big, " [10k runs stored]")));
    const listStart = performance.now();
    await big.listRuns({ limit: 50 });
    rows.push({ name: "listRuns first page of 50 [10k runs stored, no run index yet: the first listing builds it]", value: performance.now() - listStart, unit: "ms" });
    rows.push({ name: "seeding 10k runs (direct writes)", value: seeded, unit: "ms" });
    await big.close();
  } finally {
    rmSync(empty, { recursive: true, force: true });
    rmSync(full, { recursive: true, force: true });
  }
  return rows;
}
