import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildWorkflowBundle } from "../plugin/bundle/build-workflow-bundle.ts";
import { getHookByToken, resumeHook, start } from "../runtime/api/index.ts";
import { createRuntime } from "../runtime/engine/create-runtime.ts";
import { setRuntime } from "../runtime/engine/default-runtime.ts";
import { registerStepFunction } from "../runtime/registry/register-step-function.ts";
import { createFsWorld } from "../runtime/world/fs/create-fs-world.ts";
import type { BenchRow } from "./index.ts";
import { median } from "./median.ts";

const WORKFLOWS = `
import { createHook } from "workflow";
export async function handle(n: number) { "use step"; return n; }
export async function loop(token: string, count: number) {
  "use workflow";
  const hook = createHook<number>({ token });
  let seen = 0;
  for await (const n of hook) {
    await handle(n);
    if (++seen === count) break;
  }
  return seen;
}
`;

const ROUNDS = 200;
const WARMUP = 20;
const p95 = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length * 0.95)];

/**
 * Hook resume latency on the filesystem world, in-process: from calling `resumeHook()` to the step the
 * workflow runs for that payload starting (one payload in flight at a time, so every round is a full
 * durable append + resume + step dispatch).
 */
export async function benchHooks(): Promise<BenchRow[]> {
  const root = mkdtempSync(join(tmpdir(), "wf-bench-hooks-"));
  const world = await createFsWorld({ dataDir: join(root, "data") });
  try {
    writeFileSync(join(root, "wf.ts"), WORKFLOWS);
    const bundle = await buildWorkflowBundle({ root, entries: ["wf.ts"] });
    let onStep: ((n: number) => void) | undefined;
    registerStepFunction("step//wf.ts//handle", async (n: number) => (onStep?.(n), n));
    const runtime = createRuntime({ world, workflowBundle: () => bundle });
    setRuntime(runtime);
    const token = `bench-hook-${Date.now()}`;
    const run = await start({ workflowId: "workflow//wf.ts//loop" }, [token, ROUNDS + WARMUP]);
    while (!(await getHookByToken(token).catch(() => undefined))) await new Promise((resolve) => setTimeout(resolve, 1));
    const samples: number[] = [];
    for (let n = 0; n < ROUNDS + WARMUP; n++) {
      const started = new Promise<number>((resolve) => (onStep = () => resolve(performance.now())));
      const at = performance.now();
      await Promise.all([resumeHook(token, n), started.then((time) => n >= WARMUP && samples.push(time - at))]);
    }
    await run.returnValue;
    await runtime.close();
    setRuntime(undefined);
    return [
      { name: "hook resume → next step starts (median)", value: median(samples), unit: "ms", target: "<= 5" },
      { name: "hook resume → next step starts (p95)", value: p95(samples), unit: "ms" },
    ];
  } finally {
    await world.close();
    rmSync(root, { recursive: true, force: true });
  }
}
