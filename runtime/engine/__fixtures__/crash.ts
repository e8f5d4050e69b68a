import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import { sleep } from "workflow";

export async function work(i: number, sideFile: string) {
  "use step";
  const fd = openSync(sideFile, "a");
  writeSync(fd, `${i} ${process.pid}\n`);
  fsyncSync(fd);
  closeSync(fd);
  await new Promise((resolve) => setTimeout(resolve, 3));
  return { i, pid: process.pid };
}
// The kill tests interrupt attempts at random, and an interrupted attempt counts toward maxRetries: a step
// that happens to be hit several times in a row must not run out of attempts there.
work.maxRetries = 1000;

export async function many(n: number, sideFile: string) {
  "use workflow";
  const results: Array<{ i: number; pid: number }> = [];
  for (let i = 0; i < n; i++) results.push(await work(i, sideFile));
  return results;
}

export async function napper(ms: number, sideFile: string) {
  "use workflow";
  await work(0, sideFile);
  const before = Date.now();
  await sleep(ms);
  await work(1, sideFile);
  return Date.now() - before;
}
