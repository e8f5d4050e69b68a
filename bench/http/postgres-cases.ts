import { assertReturnValue } from "./cases.ts";
import { delay, type PlaygroundProcess } from "./playground-process.ts";
import { assertBefore, caseDeadline, CaseFailure, pollInterval, type RunClient } from "./run-client.ts";

/**
 * `hooked(token)` started on instance `a`; once instance `b` sees the hook (`GET /api/hooks/:token`), ms
 * from `POST /api/hooks/:token` on `b` until `b` reports the run completed with the payload.
 */
export async function timeHookViaOtherInstance(a: RunClient, b: RunClient, token: string): Promise<number> {
  const deadline = caseDeadline();
  const t0 = performance.now();
  const runId = await a.start("hooked", [token], deadline);
  while ((await b.hookStatus(token, deadline)) !== 200) {
    assertBefore(deadline);
    await delay(pollInterval(performance.now() - t0));
  }
  const payload = { token, via: "b" };
  const t1 = performance.now();
  await b.resumeHook(token, payload, deadline);
  const summary = await b.waitForCompletion(runId, t1, deadline);
  const ms = performance.now() - t1;
  assertReturnValue(runId, summary.returnValue, payload);
  return ms;
}

/** What `timeTakeover` measured, in ms from the SIGKILL. */
export interface Takeover {
  /** Until the run's log grew past what the killed instance could still have had in flight. */
  progressMs: number;
  /** Until instance `b` reported the run completed. */
  completedMs: number;
}

/** Events the killed instance may still have committed after the SIGKILL (an append already sent). */
const IN_FLIGHT_EVENTS = 2;

/**
 * `seq(steps)` started on instance `a`; once its log holds `killAfter` events, SIGKILL to `a`'s process
 * group, then ms until the run progresses (its event count, read from the database, passes the count at
 * the kill plus what may have been in flight) and until instance `b` reports it completed.
 */
export async function timeTakeover(
  a: PlaygroundProcess,
  clientA: RunClient,
  clientB: RunClient,
  eventCount: (runId: string) => Promise<number>,
  steps: number,
  killAfter: number,
): Promise<Takeover> {
  let deadline = caseDeadline();
  const runId = await clientA.start("seq", [steps], deadline);
  const t0 = performance.now();
  while ((await eventCount(runId)) < killAfter) {
    assertBefore(deadline);
    await delay(pollInterval(performance.now() - t0));
  }
  await a.kill();
  const killedAt = performance.now();
  deadline = caseDeadline();
  const atKill = await eventCount(runId);
  const summary = await clientB.runSummary(runId, deadline);
  if (summary.status === "completed") throw new CaseFailure(`run ${runId} completed before the kill: use a longer sequence`);

  let progressMs: number | undefined;
  for (;;) {
    assertBefore(deadline);
    if ((await eventCount(runId)) > atKill + IN_FLIGHT_EVENTS) {
      progressMs = performance.now() - killedAt;
      break;
    }
    await delay(pollInterval(performance.now() - killedAt));
  }
  const done = await clientB.waitForCompletion(runId, killedAt, deadline);
  const completedMs = performance.now() - killedAt;
  assertReturnValue(runId, done.returnValue, steps);
  return { progressMs, completedMs };
}
