import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import { createHook, sleep } from "workflow";

/** Appends "<tag> <pid>" to the side file (one line per execution of a step body), then returns. */
export async function record(tag: string, sideFile: string, workMs: number) {
  "use step";
  const fd = openSync(sideFile, "a");
  writeSync(fd, `${tag} ${process.pid}\n`);
  fsyncSync(fd);
  closeSync(fd);
  if (workMs > 0) await new Promise((resolve) => setTimeout(resolve, workMs));
  return process.pid;
}

/**
 * Sleeps that end while a step of the run is still running: every wake-up is a queue delivery that either
 * process could take, and whoever executes the run then must not start that step again.
 */
export async function napper(id: string, sideFile: string, naps: number) {
  "use workflow";
  for (let i = 0; i < naps; i++) {
    await Promise.all([record(`${id}/${i}`, sideFile, 40), sleep(5)]);
  }
  await record(`${id}/end`, sideFile, 0);
  return `${id} slept ${naps} times`;
}

/** A step, then a hook the test resumes through the other process, then a step using the payload. */
export async function waiter(token: string, sideFile: string) {
  "use workflow";
  await record(`${token}/before`, sideFile, 0);
  const hook = createHook<{ n: number }>({ token });
  const payload = await hook;
  await record(`${token}/after`, sideFile, 0);
  return payload.n * 2;
}

/** `n` steps of `workMs` each with a sleep halfway: a run that stays in flight for a while. */
export async function steady(id: string, sideFile: string, n: number, workMs: number) {
  "use workflow";
  let sum = 0;
  for (let i = 0; i < n; i++) {
    await record(`${id}/${i}`, sideFile, workMs);
    sum += i;
    if (i === Math.floor(n / 2)) await sleep(20);
  }
  return sum;
}
