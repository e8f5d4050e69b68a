import { createHook, getWritable, sleep } from "workflow";

/** The workflows of the benchmark route contract (`POST /api/start/:name`), every step a real durable step. */

/** `n` sequential steps; step i returns i + 1, so the result is `n`. */
export async function seq(n: number) {
  "use workflow";
  let last = 0;
  for (let i = 0; i < n; i++) last = await seqStep(i);
  return last;
}

async function seqStep(i: number) {
  "use step";
  return i + 1;
}

/** `Promise.all` of `n` steps; step i returns i + 1, so the result is n(n+1)/2. */
export async function par(n: number) {
  "use workflow";
  const values = await Promise.all(Array.from({ length: n }, (_, i) => parStep(i)));
  return values.reduce((sum, value) => sum + value, 0);
}

async function parStep(i: number) {
  "use step";
  return i + 1;
}

/** Sleeps one second, then one step returning 1. */
export async function sleepy() {
  "use workflow";
  await sleep("1s");
  return await one();
}

async function one() {
  "use step";
  return 1;
}

/** Waits once on a hook with the given token; returns its payload. */
export async function hooked(token: string) {
  "use workflow";
  const hook = createHook<unknown>({ token });
  return await hook;
}

/** One step writes "chunk-0" … "chunk-{n-1}" to the default stream, then closes it; returns `n`. */
export async function streamy(n: number) {
  "use workflow";
  return await writeChunks(n);
}

async function writeChunks(n: number) {
  "use step";
  const writable = getWritable<string>();
  const writer = writable.getWriter();
  for (let i = 0; i < n; i++) await writer.write(`chunk-${i}`);
  await writer.close();
  return n;
}
