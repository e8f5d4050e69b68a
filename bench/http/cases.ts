import { isDeepStrictEqual } from "node:util";
import { delay } from "./playground-process.ts";
import { assertBefore, caseDeadline, CaseFailure, pollInterval, type RunClient } from "./run-client.ts";

/** Starts `name(...args)` and polls until it completes: client wall-clock ms from the start request. */
export async function timeRun(client: RunClient, name: string, args: unknown[], expected: unknown): Promise<number> {
  const deadline = caseDeadline();
  const t0 = performance.now();
  const runId = await client.start(name, args, deadline);
  const summary = await client.waitForCompletion(runId, t0, deadline);
  const ms = performance.now() - t0;
  assertReturnValue(runId, summary.returnValue, expected);
  return ms;
}

/** `runs` concurrent `seq(steps)` runs: ms until the last one completed, and steps per second overall. */
export async function timeConcurrentSeq(client: RunClient, runs: number, steps: number): Promise<{ ms: number; stepsPerSecond: number }> {
  const deadline = caseDeadline();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: runs }, async () => {
      const runId = await client.start("seq", [steps], deadline);
      assertReturnValue(runId, (await client.waitForCompletion(runId, t0, deadline)).returnValue, steps);
    }),
  );
  const ms = performance.now() - t0;
  return { ms, stepsPerSecond: (runs * steps) / (ms / 1000) };
}

/**
 * `hooked(token)`: ms from the start request until `GET /api/hooks/:token` answers 200, and ms from
 * `POST /api/hooks/:token` until the run is completed with the payload.
 */
export async function timeHook(client: RunClient, token: string): Promise<{ registeredMs: number; resumedMs: number }> {
  const deadline = caseDeadline();
  const t0 = performance.now();
  const runId = await client.start("hooked", [token], deadline);
  while ((await client.hookStatus(token, deadline)) !== 200) {
    assertBefore(deadline);
    await delay(pollInterval(performance.now() - t0));
  }
  const registeredMs = performance.now() - t0;

  const payload = { token, answer: 42 };
  const t1 = performance.now();
  await client.resumeHook(token, payload, deadline);
  const summary = await client.waitForCompletion(runId, t1, deadline);
  const resumedMs = performance.now() - t1;
  assertReturnValue(runId, summary.returnValue, payload);
  return { registeredMs, resumedMs };
}

/** `GET /api/hooks/:token` for a token nobody registered: ms until the 404. */
export async function timeUnknownHook(client: RunClient, token: string): Promise<number> {
  const deadline = caseDeadline();
  const t0 = performance.now();
  const status = await client.hookStatus(token, deadline);
  const ms = performance.now() - t0;
  if (status !== 404) throw new CaseFailure(`GET /api/hooks/${token} answered ${status}, expected 404`);
  return ms;
}

/**
 * `streamy(chunks)`: ms from the start request until the last chunk's line was read from
 * `GET /api/runs/:id/stream` (read incrementally). Then drains the stream and waits for the run, untimed.
 */
export async function timeStream(client: RunClient, chunks: number): Promise<number> {
  const deadline = caseDeadline();
  const t0 = performance.now();
  const runId = await client.start("streamy", [chunks], deadline);
  const response = await client.openStream(runId, deadline);
  response.setEncoding("utf8");
  let buffered = "";
  const lines: string[] = [];
  let ms: number | undefined;
  try {
    for await (const value of response) {
      buffered += value as string;
      let newline: number;
      while ((newline = buffered.indexOf("\n")) >= 0) {
        lines.push(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
      }
      if (ms === undefined && lines.length >= chunks) ms = performance.now() - t0;
    }
  } catch (error) {
    assertBefore(deadline);
    throw new CaseFailure(`reading the stream of ${runId} failed after ${lines.length} lines: ${(error as Error).message}`);
  }
  if (ms === undefined) throw new CaseFailure(`the stream of ${runId} ended after ${lines.length} of ${chunks} chunks`);
  const last = JSON.parse(lines[chunks - 1]) as unknown;
  if (last !== `chunk-${chunks - 1}`) throw new CaseFailure(`chunk ${chunks} of ${runId} was ${JSON.stringify(last)}`);
  assertReturnValue(runId, (await client.waitForCompletion(runId, t0, deadline)).returnValue, chunks);
  return ms;
}

/** Throws a `CaseFailure` naming the run unless its return value deep-equals `expected`. */
export function assertReturnValue(runId: string, actual: unknown, expected: unknown): void {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new CaseFailure(`run ${runId} returned ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  }
}
