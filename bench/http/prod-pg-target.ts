import { randomBytes } from "node:crypto";
import { createBenchSchema } from "./bench-schema.ts";
import { benchTarget, SERVER_START } from "./bench-target.ts";
import { measureCases, PASSES, POSTGRES_REFERENCE, SMALL } from "./measure-cases.ts";
import { startProductionServer, type PlaygroundProcess } from "./playground-process.ts";
import { timeHookViaOtherInstance, timeTakeover } from "./postgres-cases.ts";
import { median } from "../median.ts";
import { createCaseRecorder, createUnavailableRecorder, discardRows, type RowSpec, type TargetRow } from "./record-case.ts";
import { createRunClient } from "./run-client.ts";

/** The takeover case: a sequence long enough to still run when its instance is killed after `KILL_AFTER` events. */
const TAKEOVER_STEPS = 300;
const KILL_AFTER = 60;

const SECOND_START: RowSpec = { name: "second instance start → /api/health", unit: "ms" };
const HOOK_VIA_FRESH_B: RowSpec = { name: `hook via another instance, B fresh: POST on B → completed (median of ${SMALL})`, unit: "ms" };
const HOOK_VIA_B: RowSpec = { name: `hook via another instance, B warm: POST on B → completed (median of ${SMALL})`, unit: "ms", target: "≤ 20 ms" };
const TAKEOVER_PROGRESS: RowSpec = { name: `takeover: SIGKILL A mid seq(${TAKEOVER_STEPS}) → run progresses on B`, unit: "ms", target: "≤ 10,000 ms" };
const TAKEOVER_DONE: RowSpec = { name: `takeover: SIGKILL A mid seq(${TAKEOVER_STEPS}) → completed on B`, unit: "ms", target: "≤ 10,000 ms" };

/**
 * The `prod-pg:` target: the production build of `outputDir` on the PostgreSQL world, in a fresh schema
 * created first and dropped at the end whatever happened. Every shared case runs on instance A; then a
 * second instance B on the same schema resumes a hook A's run waits on, and takes a run over after A is
 * killed. When PostgreSQL does not answer, every row is printed as unavailable with the reason.
 */
export async function benchProdPostgres(outputDir: string, dataDir: string): Promise<TargetRow[]> {
  const schema = await createBenchSchema();
  if ("reason" in schema) {
    console.warn(`http bench: prod-pg: PostgreSQL is unavailable, its rows are skipped: ${schema.detail}`);
    const rows: TargetRow[] = [];
    const record = createUnavailableRecorder(rows, schema.reason);
    await record([{ name: SERVER_START, unit: "ms" }], async () => []);
    for (const pass of PASSES.filter((p) => p.reported)) await measureCases(createRunClient("http://127.0.0.1:0"), record, POSTGRES_REFERENCE, pass);
    await record([SECOND_START, HOOK_VIA_FRESH_B, HOOK_VIA_B, TAKEOVER_PROGRESS, TAKEOVER_DONE], async () => []);
    return rows;
  }
  // Instances of one store share their delivery secret.
  const secret = randomBytes(24).toString("hex");
  const start = (dir: string) => startProductionServer(outputDir, dir, { env: schema.env, secret });
  try {
    return await benchTarget("prod-pg", start, dataDir, {
      reference: POSTGRES_REFERENCE,
      sizeDataDir: false,
      extraCases: (a, rows) => twoInstanceCases(a, rows, () => start(`${dataDir}-b`), schema.eventCount),
    });
  } finally {
    await schema.drop();
  }
}

/** Starts instance B next to `a`, measures the hook and takeover cases (killing `a`), stops B. */
async function twoInstanceCases(
  a: PlaygroundProcess,
  rows: TargetRow[],
  startB: () => Promise<PlaygroundProcess>,
  eventCount: (runId: string) => Promise<number>,
): Promise<void> {
  const t0 = performance.now();
  let b: PlaygroundProcess;
  try {
    b = await startB();
  } catch (error) {
    const reason = `instance B did not start: ${(error as Error).message.split("\n")[0]}`;
    console.warn(`http bench: prod-pg: ${(error as Error).message}`);
    await createUnavailableRecorder(rows, reason)([SECOND_START, HOOK_VIA_FRESH_B, HOOK_VIA_B, TAKEOVER_PROGRESS, TAKEOVER_DONE], async () => []);
    return;
  }
  rows.push({ ...SECOND_START, key: SECOND_START.name, value: performance.now() - t0 });
  const clientA = createRunClient(a.url);
  const clientB = createRunClient(b.url);
  try {
    const hookViaB = async () => {
      const samples: number[] = [];
      for (let i = 0; i < SMALL; i++) samples.push(await timeHookViaOtherInstance(clientA, clientB, `bench-hook-b-${process.pid}-${i}-${Date.now()}`));
      return [median(samples)];
    };
    await createCaseRecorder(rows, a, "prod-pg")([HOOK_VIA_FRESH_B], hookViaB);
    // B warms up as A did: the passes over the shared cases before A's warm one, not reported.
    for (const pass of PASSES.slice(0, -1)) await measureCases(clientB, discardRows, POSTGRES_REFERENCE, pass);
    await createCaseRecorder(rows, a, "prod-pg")([HOOK_VIA_B], hookViaB);
    // Last: it kills A. Failures are told against B, the instance that must finish the run.
    await createCaseRecorder(rows, b, "prod-pg")([TAKEOVER_PROGRESS, TAKEOVER_DONE], async () => {
      const { progressMs, completedMs } = await timeTakeover(a, clientA, clientB, eventCount, TAKEOVER_STEPS, KILL_AFTER);
      return [progressMs, completedMs];
    });
  } finally {
    clientA.close();
    clientB.close();
    await b.stop();
  }
}
