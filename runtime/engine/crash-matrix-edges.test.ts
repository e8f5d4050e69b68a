import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { HookNotFoundError } from "../errors/lookup-errors.ts";
import { buildMatrixWorker, openStore, runWorker, type StoreClient, type WorkerFiles } from "./__fixtures__/crash-matrix-harness.ts";
import { countByTag, expectedAttempts, interruptedTags, returnValue } from "./__fixtures__/crash-matrix-log.ts";

const temp = mkdtempSync(join(tmpdir(), "wf-crash-edges-"));
let files: WorkerFiles;

beforeAll(async () => {
  files = await buildMatrixWorker(temp);
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A fresh data dir and side file under the test's temp dir, with a client of the store. */
async function openCase(name: string): Promise<{ dataDir: string; sideFile: string; client: StoreClient }> {
  const dir = join(temp, name);
  mkdirSync(dir);
  const sideFile = join(dir, "side.txt");
  writeFileSync(sideFile, "");
  const dataDir = join(dir, "data");
  return { dataDir, sideFile, client: await openStore(dataDir) };
}

const logFile = (dataDir: string, runId: string) => join(dataDir, "runs", runId, "events.jsonl");

/** A completed sequential run: its value, one completion per step, the attempts its kill prefix implies. */
async function expectCompleted(client: StoreClient, runId: string, prefix: Parameters<typeof expectedAttempts>[1][number]): Promise<void> {
  const events = await client.readLog(runId);
  expect(events.at(-1)?.type, events.map((event) => event.type).join(" ")).toBe("run_completed");
  expect(returnValue(events)).toBe("a1,b2,z3");
  expect(countByTag(events, "step_completed")).toEqual({ a: 1, b: 1, z: 1 });
  expect(countByTag(events, "step_started")).toEqual(expectedAttempts(events, [prefix]));
}

describe.concurrent("crash matrix: damaged logs, steps that kill their process, hooks resumed early", () => {
  test("a corrupt line in the middle of an unfinished run's log fails that run alone (ERR_CORRUPT_LOG); the others complete", async () => {
    const { dataDir, sideFile, client } = await openCase("corrupt");
    try {
      const runIds: string[] = [];
      for (let i = 0; i < 3; i++) runIds.push(await client.record("sequential", [sideFile]));
      // The first `b` to run kills the worker: no run gets past its step `b`.
      expect((await runWorker(files, dataDir, runIds, { WF_KILL_IN_STEP: "b" })).signal).toBe("SIGKILL");
      const prefixes = await Promise.all(runIds.map((runId) => client.readLog(runId)));
      for (const prefix of prefixes) expect(prefix.some((event) => event.type === "run_completed")).toBe(false);
      // The run whose `b` killed the worker got furthest: a run the worker had not started yet has one line only.
      const damaged = runIds.reduce((longest, runId, i) => (prefixes[i].length > prefixes[runIds.indexOf(longest)].length ? runId : longest));
      const log = logFile(dataDir, damaged);
      const lines = readFileSync(log, "utf8").split("\n");
      const middle = Math.floor((lines.length - 1) / 2);
      expect(middle).toBeGreaterThan(1);
      lines[middle] = '{"type":"step_comp';
      writeFileSync(log, lines.join("\n"));
      const damagedText = readFileSync(log, "utf8");
      await client.close();

      const recovery = await runWorker(files, dataDir, runIds);
      expect(recovery.finished, recovery.output).toBe(true);
      const reopened = await openStore(dataDir);
      try {
        for (const runId of runIds.filter((id) => id !== damaged)) await expectCompleted(reopened, runId, prefixes[runIds.indexOf(runId)]);
        const summary = await reopened.world.getRun(damaged);
        expect(summary).toMatchObject({ status: "failed", error: { code: "ERR_CORRUPT_LOG" } });
        expect(summary!.error!.message).toContain(`line ${middle + 1}`);
        expect((await reopened.readLog(damaged)).at(-1)).toMatchObject({ type: "run_failed", error: { code: "ERR_CORRUPT_LOG" } });
        // Nothing was written to the damaged log.
        expect(readFileSync(log, "utf8")).toBe(damagedText);
      } finally {
        await reopened.close();
      }
    } finally {
      await client.close().catch(() => undefined);
    }
  });

  test("a torn last line: the finished run stays finished as it was, the unfinished one resumes", async () => {
    const { dataDir, sideFile, client } = await openCase("torn");
    try {
      const finished = await client.record("sequential", [sideFile]);
      expect((await runWorker(files, dataDir, [finished])).finished).toBe(true);
      const unfinished = await client.record("sequential", [sideFile]);
      expect((await runWorker(files, dataDir, [unfinished], { WF_KILL: "after:step_completed:2" })).signal).toBe("SIGKILL");
      const finishedEvents = await client.readLog(finished);
      const prefix = await client.readLog(unfinished);
      expect(interruptedTags(prefix)).toEqual(["z"]);
      await client.close();
      // Half of a plausible next line, as a write cut short by the crash leaves it.
      for (const runId of [finished, unfinished]) {
        const last = readFileSync(logFile(dataDir, runId), "utf8").trimEnd().split("\n").at(-1)!;
        appendFileSync(logFile(dataDir, runId), last.slice(0, Math.floor(last.length / 2)));
      }

      const recovery = await runWorker(files, dataDir, [finished, unfinished]);
      expect(recovery.finished, recovery.output).toBe(true);
      const reopened = await openStore(dataDir);
      try {
        expect(await reopened.readLog(finished)).toEqual(finishedEvents);
        expect(await reopened.world.getRun(finished)).toMatchObject({ status: "completed", eventCount: finishedEvents.length });
        await expectCompleted(reopened, unfinished, prefix);
        expect(await reopened.world.listActiveRunIds()).toEqual([]);
      } finally {
        await reopened.close();
      }
    } finally {
      await client.close().catch(() => undefined);
    }
  });

  test("a step that kills its process on every attempt ends after exactly maxRetries + 1 = 3 attempts with ERR_STEP_ATTEMPT_INTERRUPTED", async () => {
    const { dataDir, sideFile, client } = await openCase("self-kill");
    try {
      const caught = await client.record("catchesInterrupted", [sideFile]);
      const uncaught = await client.record("failsInterrupted", [sideFile]);
      const exits: Array<NodeJS.Signals | null> = [];
      // Each attempt kills the worker; both runs' steps have 3 attempts, so at most 6 workers die.
      for (let restart = 0; restart < 8 && exits.at(-1) !== null; restart++) exits.push((await runWorker(files, dataDir, [caught, uncaught])).signal);
      expect(exits.at(-1)).toBe(null);
      expect(exits.slice(0, -1).every((signal) => signal === "SIGKILL")).toBe(true);

      for (const runId of [caught, uncaught]) {
        const events = await client.readLog(runId);
        expect(events.filter((event) => event.type === "step_started").map((event) => (event as { attempt: number }).attempt)).toEqual([1, 2, 3]);
        const failed = events.filter((event) => event.type === "step_failed");
        expect(failed).toHaveLength(1);
        expect(failed[0]).toMatchObject({ fatal: true, error: { code: "ERR_STEP_ATTEMPT_INTERRUPTED" } });
        expect(events.some((event) => event.type === "step_completed")).toBe(false);
      }
      expect(returnValue(await client.readLog(caught))).toBe("ERR_STEP_ATTEMPT_INTERRUPTED");
      expect((await client.readLog(uncaught)).at(-1)).toMatchObject({ type: "run_failed", error: { code: "ERR_STEP_ATTEMPT_INTERRUPTED" } });
      expect(await client.world.getRun(uncaught)).toMatchObject({ status: "failed" });
      // A body ran at most once per attempt (an attempt cut short by the other run's kill may not have run it).
      const lines = readFileSync(sideFile, "utf8").trim().split("\n");
      for (const tag of ["caught", "uncaught"]) {
        const attempts = lines.filter((line) => line.startsWith(`${tag} `)).map((line) => Number(line.split(" ")[1]));
        expect(new Set(attempts).size).toBe(attempts.length);
        expect(attempts.every((attempt) => attempt >= 1 && attempt <= 3)).toBe(true);
      }
    } finally {
      await client.close();
    }
  });

  // The token is claimed before the append that holds `hook_created`; a resume inside that window must not
  // record a payload ahead of it (it used to fail the run with ERR_REPLAY_DIVERGENCE on replay).
  test("a hook resumed after its token is claimed and before hook_created is durable still gets its payload", async () => {
    const { dataDir, sideFile, client } = await openCase("hook-window");
    try {
      const token = `crash-matrix-window-${Date.now()}`;
      const runId = await client.record("hooked", [sideFile, token]);
      const release = join(dataDir, "..", "release");
      const state = { stopped: false };
      let resumer: Promise<void> | undefined;
      const resumeWhenFound = async () => {
        while (!state.stopped) {
          try {
            await client.runtime.resumeHook(token, { n: 7 });
            return;
          } catch (error) {
            if (!HookNotFoundError.is(error)) throw error;
          }
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      };
      const worker = runWorker(files, dataDir, [runId], { WF_HOLD: "hook_created:1", WF_HOLD_UNTIL: release }, (output) => {
        if (!output.includes("held") || resumer) return;
        // The token is claimed and `hook_created` is held back: one resume attempt now, then let the worker go on.
        // The first attempt gets its answer (not found, since `hook_created` is not durable yet) while the append
        // is held; then the worker is released and the sender keeps trying until the hook exists.
        resumer = client.runtime
          .resumeHook(token, { n: 7 })
          .then(
            () => false,
            (error: unknown) => (HookNotFoundError.is(error) ? true : Promise.reject(error)),
          )
          .finally(() => writeFileSync(release, ""))
          .then((retry) => (retry ? resumeWhenFound() : undefined));
      });
      const exit = await worker;
      state.stopped = true;
      await resumer;
      expect(existsSync(release)).toBe(true);
      expect(exit.finished, exit.output).toBe(true);
      const events = await client.readLog(runId);
      expect(events.at(-1)?.type, events.map((event) => event.type).join(" ")).toBe("run_completed");
      expect(returnValue(events)).toBe("a1,b7,z3");
    } finally {
      await client.close();
    }
  });
});
