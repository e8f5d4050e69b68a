/**
 * Transform throughput: a generated 2,000-line module with 100 steps and 100 workflows, transformed in each
 * mode, and the per-call cost of a module without directives (what every other file in a project pays).
 */
import { loadavg } from "node:os";
import { transform, type TransformMode } from "../plugin/transform/transform.ts";
import { median } from "./median.ts";

interface BenchRow {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

/** Builds the benchmark module: 100 blocks of 20 lines, each with a step and a workflow calling it. */
export function generateDirectiveModule(): string {
  const lines = [`import { sleep } from "workflow";`, `import { db } from "./db";`];
  for (let index = 0; index < 100; index++) {
    lines.push(
      ``,
      `export async function loadOrder${index}(orderId: string, options?: { fresh?: boolean }) {`,
      `  "use step";`,
      `  const row = await db.orders.find({ id: orderId, fresh: options?.fresh ?? false });`,
      `  if (!row) throw new Error(\`order \${orderId} not found\`);`,
      `  return { ...row, total: row.items.reduce((sum: number, item: { price: number }) => sum + item.price, 0) };`,
      `}`,
      `loadOrder${index}.maxRetries = 3;`,
      ``,
      `export async function fulfil${index}(orderId: string) {`,
      `  "use workflow";`,
      `  const order = await loadOrder${index}(orderId);`,
      `  if (order.total > 100) {`,
      `    await sleep("1 hour");`,
      `  }`,
      `  const label = \`order-\${order.id}-\${order.total}\`;`,
      `  await sleep("5 minutes");`,
      `  return { label, total: order.total };`,
      `}`,
    );
  }
  return lines.slice(0, 2000).join("\n") + "\n";
}

/** A typical module with no directives: imports, a few functions, some strings (about 3 KB). */
export function generatePlainModule(): string {
  const lines = [`import { ref } from "vue";`, `import { format } from "./format";`, `"use strict";`];
  for (let index = 0; index < 20; index++) {
    lines.push(`export function helper${index}(value: number) {`, `  return format("value-${index}", ref(value * ${index}));`, `}`, ``);
  }
  return lines.join("\n");
}

/** Runs before each mode's samples, so they measure optimised code. */
const WARM_UP_RUNS = 100;

function timeOnce(fn: () => void, repeat: number): number {
  const start = process.hrtime.bigint();
  for (let index = 0; index < repeat; index++) fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / repeat;
}

/** Runs the transform benchmarks and returns one row per figure. */
export async function benchTransform(): Promise<BenchRow[]> {
  const code = generateDirectiveModule();
  const megabytes = Buffer.byteLength(code) / 1e6;
  const rows: BenchRow[] = [];
  for (const mode of ["step", "workflow", "client"] as TransformMode[]) {
    const options = { id: "/bench/src/orders.ts", mode, root: "/bench" };
    // Without a map is what a production build without `build.sourcemap` pays; the map is made on first read.
    for (const withMap of [false, true]) {
      const run = withMap ? () => void transform(code, options)?.map : () => void transform(code, options);
      // V8 keeps optimising the transform's functions for its first 60-70 runs in a fresh process (seen with
      // --trace-opt), so a shorter warm-up measured the first mode partly unoptimised.
      for (let warm = 0; warm < WARM_UP_RUNS; warm++) run();
      const samples = Array.from({ length: 45 }, () => timeOnce(run, 1));
      const ms = median(samples);
      const label = `${mode} mode${withMap ? " + source map" : ""}`;
      rows.push({ name: `${label}, 2,000 lines / 100 steps + 100 workflows`, value: megabytes / (ms / 1000), unit: "MB/s", target: ">= 10" });
      // On a busy machine the median measures the other processes too; the fastest run is the transform alone.
      rows.push({ name: `${label}, fastest of 45 runs`, value: megabytes / (Math.min(...samples) / 1000), unit: "MB/s" });
      rows.push({ name: `${label}, time per file`, value: ms, unit: "ms" });
    }
  }
  const plain = generatePlainModule();
  const skip = () => void transform(plain, { id: "/bench/src/plain.ts", mode: "client", root: "/bench" });
  for (let warm = 0; warm < 10_000; warm++) skip();
  const samples = Array.from({ length: 15 }, () => timeOnce(skip, 10_000) * 1000);
  rows.push({ name: "load average (1 min) during the transform figures", value: loadavg()[0], unit: "" });
  rows.push({ name: `file without directives (${(plain.length / 1024).toFixed(1)} KB)`, value: median(samples), unit: "µs", target: "< 5" });
  return rows;
}
