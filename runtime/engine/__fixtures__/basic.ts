import { FatalError, RetryableError, createHook, getStepMetadata, getWorkflowMetadata, sleep } from "workflow";

export async function add(a: number, b: number) {
  "use step";
  return a + b;
}

export async function seq(n: number) {
  "use workflow";
  let total = 0;
  for (let i = 0; i < n; i++) total = await add(total, 1);
  return total;
}

export async function par(n: number) {
  "use workflow";
  const values = await Promise.all(Array.from({ length: n }, (_, i) => add(i, 1)));
  return values.reduce((sum, value) => sum + value, 0);
}

const attempts: Record<string, number> = {};

export async function flaky(key: string, failures: number) {
  "use step";
  const meta = getStepMetadata();
  const counter = `${key}:${meta.stepId}`;
  attempts[counter] = (attempts[counter] ?? 0) + 1;
  if (attempts[counter] <= failures) throw new RetryableError(`flaky ${attempts[counter]}`, { retryAfter: 5 });
  return { attempt: meta.attempt, stepId: meta.stepId };
}

export async function flakyNow(key: string, failures: number) {
  "use step";
  const meta = getStepMetadata();
  const counter = `${key}:${meta.stepId}`;
  attempts[counter] = (attempts[counter] ?? 0) + 1;
  // Due at once: the retry's message is deliverable while the failed attempt is still being recorded.
  if (attempts[counter] <= failures) throw new RetryableError(`flaky now ${attempts[counter]}`, { retryAfter: 0 });
  return { attempt: meta.attempt };
}

export async function retryingNow(key: string, failures: number) {
  "use workflow";
  return await flakyNow(key, failures);
}

export async function fatal(message: string) {
  "use step";
  throw new FatalError(message);
}

export async function alwaysFails(message: string) {
  "use step";
  throw new Error(message);
}
alwaysFails.maxRetries = 1;

export async function retrying(key: string, failures: number) {
  "use workflow";
  return await flaky(key, failures);
}

export async function catchesFatal() {
  "use workflow";
  try {
    await fatal("no retry");
    return "not thrown";
  } catch (error) {
    return { isFatal: FatalError.is(error), message: (error as Error).message };
  }
}

export async function exhausts() {
  "use workflow";
  await alwaysFails("boom");
}

export async function sleeper(ms: number) {
  "use workflow";
  const before = Date.now();
  await sleep(ms);
  return { slept: Date.now() - before };
}

export async function racer() {
  "use workflow";
  const winner = await Promise.race([sleep(30).then(() => "short"), sleep(5000).then(() => "long")]);
  return { winner, now: Date.now(), random: Math.random(), uuid: crypto.randomUUID() };
}

export async function metadata() {
  "use workflow";
  const meta = getWorkflowMetadata();
  return { runId: meta.workflowRunId, started: meta.workflowStartedAt instanceof Date };
}

export async function throws(message: string) {
  "use workflow";
  await add(1, 2);
  throw new TypeError(message);
}

export async function callbacks(ids: number[]) {
  "use workflow";
  let successCount = 0;
  await Promise.all(
    ids.map(async (id) => {
      const value = await add(id, 0);
      if (value % 2 === 0) successCount++;
    }),
  );
  return { total: ids.length, even: successCount };
}

export async function hooked(token: string) {
  "use workflow";
  const hook = createHook<{ n: number }>({ token });
  const first = await hook;
  const payloads = [first.n];
  for await (const payload of hook) {
    payloads.push(await add(payload.n, 0));
    if (payloads.length === 3) break;
  }
  return payloads;
}

/** Reads its step id before and after each of its timer waits (steps may use timers). */
export async function stepIdAcrossAwaits(delays: number[]) {
  "use step";
  const seen: string[] = [];
  for (const ms of delays) {
    seen.push(getStepMetadata().stepId);
    await new Promise((resolve) => setTimeout(resolve, ms));
  }
  seen.push(getStepMetadata().stepId);
  return seen;
}

export async function parallelStepIds(n: number) {
  "use workflow";
  return await Promise.all(Array.from({ length: n }, (_, i) => stepIdAcrossAwaits([(i * 7) % 5, (i * 3) % 4, 1])));
}
