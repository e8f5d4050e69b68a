import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { HookNotFoundError } from "../errors/lookup-errors.ts";
import type { WorkflowEvent } from "../events/event.ts";
import { getRunReadable } from "../streams/run-streams.ts";
import { type KillPoint, matrixCases, type Shape } from "./__fixtures__/crash-matrix-cases.ts";
import { createLimiter } from "./create-limiter.ts";
import { buildMatrixWorker, openStore, runWorker, type StoreClient, type WorkerFiles } from "./__fixtures__/crash-matrix-harness.ts";
import { bodyRuns, countByTag, expectedAttempts, interruptedTags, returnValue } from "./__fixtures__/crash-matrix-log.ts";

const temp = mkdtempSync(join(tmpdir(), "wf-crash-matrix-"));
let files: WorkerFiles;
// Each case runs two worker processes one after the other; three cases at a time keep two cores busy.
const limit = createLimiter(3);

beforeAll(async () => {
  files = await buildMatrixWorker(temp);
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/**
 * Resumes the hook `token` through the client's runtime once `getHookByToken` finds it (`eager`), or once its
 * `hook_created` is in the run's log too; polls until `stopped()`.
 */
async function resumeWhenLive(client: StoreClient, runId: string, token: string, payload: unknown, eager: boolean, stopped: () => boolean): Promise<void> {
  while (!stopped()) {
    try {
      if (eager || hasHookCreated(await client.readLog(runId), token)) {
        await client.runtime.resumeHook(token, payload);
        return;
      }
    } catch (error) {
      if (!HookNotFoundError.is(error)) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function hookExists(client: StoreClient, token: string): Promise<boolean> {
  return client.runtime.getHookByToken(token).then(
    () => true,
    (error: unknown) => (HookNotFoundError.is(error) ? false : Promise.reject(error)),
  );
}

function hasHookCreated(events: WorkflowEvent[], token: string): boolean {
  return events.some((event) => event.type === "hook_created" && event.token === token);
}

async function readAll<T>(stream: ReadableStream<T>): Promise<T[]> {
  const chunks: T[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<T>) chunks.push(chunk);
  return chunks;
}

let caseNumber = 0;

/** Worker 1 dies at the kill point (and worker 2 at `thenKill`), a last worker completes the run; asserts the run as the kill points imply. */
async function runCase(shape: Shape, point: KillPoint): Promise<void> {
  const dir = join(temp, `case-${caseNumber++}`);
  mkdirSync(dir);
  const dataDir = join(dir, "data");
  const sideFile = join(dir, "side.txt");
  writeFileSync(sideFile, "");
  const token = `crash-matrix-${caseNumber}-${Date.now()}`;
  const client = await openStore(dataDir);
  let done = false;
  try {
    const runId = await client.record(shape.workflow, shape.args(sideFile, token));
    const resumed = shape.hookPayload ? resumeWhenLive(client, runId, token, shape.hookPayload, point.resumeEagerly === true, () => done) : Promise.resolve();
    const prefixes: WorkflowEvent[][] = [];
    for (const env of [point.env(shape), ...(point.thenKill ? [point.thenKill] : [])]) {
      const killed = await runWorker(files, dataDir, [runId], env);
      const log = await client.readLog(runId);
      expect(killed.signal, `worker ${prefixes.length + 1} did not reach the kill point: ${killed.output}${log.map((e) => e.type).join(" ")}`).toBe("SIGKILL");
      prefixes.push(log);
      // A hook that can be resumed now gets its payload while no process runs the workflow.
      if (shape.hookPayload && (await hookExists(client, token)) && (point.resumeEagerly || hasHookCreated(log, token))) await resumed;
    }
    const second = await runWorker(files, dataDir, [runId]);
    expect(second.finished, `the last worker did not finish: ${second.output}`).toBe(true);
    done = true;
    await resumed;

    const events = await client.readLog(runId);
    expect(events.at(-1)?.type, events.map((e) => e.type).join(" ")).toBe("run_completed");
    expect(returnValue(events)).toBe(shape.result);
    const completions = countByTag(events, "step_completed");
    for (const [tag, count] of Object.entries(completions)) expect(count, `step_completed of ${tag}`).toBe(1);
    // The kill cut short exactly the attempts the kill point aims at, and each cut attempt ran once more.
    const interrupted = prefixes.flatMap(interruptedTags).toSorted();
    if (shape.concurrent) expect(interrupted).toEqual(expect.arrayContaining(point.interrupted));
    else expect(interrupted).toEqual(point.interrupted.toSorted());
    const attempts = countByTag(events, "step_started");
    expect(attempts).toEqual(expectedAttempts(events, prefixes));
    // A body runs at least once and at most once per attempt (an attempt killed before its body ran leaves no line).
    const runs = bodyRuns(readFileSync(sideFile, "utf8"));
    for (const [tag, count] of Object.entries(attempts)) {
      expect(runs[tag], `body runs of ${tag}`).toBeGreaterThanOrEqual(1);
      expect(runs[tag], `body runs of ${tag}`).toBeLessThanOrEqual(count);
    }
    if (shape.chunks) expect(await readAll(getRunReadable<string>(client.world.streams, runId, {}))).toEqual(shape.chunks);
  } finally {
    done = true;
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.concurrent("crash matrix: SIGKILL at a deterministic point, then a fresh worker completes the run", () => {
  for (const { shape, point } of matrixCases()) {
    // A case that uncovers an engine bug is marked as failing, its point naming the bug (see crash-matrix-cases.ts).
    (point.knownBug ? test.fails : test)(`${shape.name}: killed ${point.name}`, () => limit(() => runCase(shape, point)));
  }
});
