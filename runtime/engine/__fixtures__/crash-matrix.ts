// Workflows of the crash matrix: five shapes, each with a first step `a`, its feature, an inner step whose
// attempt the kill points aim at, and a last step `z`. Every step body appends "<tag> <attempt> <pid>" to the
// side file before anything else, and kills its own process when WF_KILL_IN_STEP names its tag.
// (A line written before a SIGKILL is kept: the page cache outlives the process, so no fsync is needed.)
import { appendFileSync } from "node:fs";
import { createHook, getStepMetadata, getWritable, sleep } from "workflow";

/** Returns `${tag}${n}`; SIGKILLs its process mid-body when WF_KILL_IN_STEP is its tag. */
export async function step(tag: string, n: number, sideFile: string) {
  "use step";
  appendFileSync(sideFile, `${tag} ${getStepMetadata().attempt} ${process.pid}\n`);
  if (process.env.WF_KILL_IN_STEP === tag) process.kill(process.pid, "SIGKILL");
  return `${tag}${n}`;
}

/** Writes `chunk-0` … `chunk-{count-1}`, each awaited; SIGKILLs its process after chunk WF_KILL_AFTER_CHUNK. */
export async function writeChunks(tag: string, count: number, sideFile: string) {
  "use step";
  appendFileSync(sideFile, `${tag} ${getStepMetadata().attempt} ${process.pid}\n`);
  const killAfter = process.env.WF_KILL_AFTER_CHUNK === undefined ? -1 : Number(process.env.WF_KILL_AFTER_CHUNK);
  const writer = getWritable<string>().getWriter();
  for (let i = 0; i < count; i++) {
    await writer.write(`chunk-${i}`);
    if (i === killAfter) process.kill(process.pid, "SIGKILL");
  }
  await writer.close();
  return `${tag}${count}`;
}

/** `a`, `b`, `z` one after the other. */
export async function sequential(sideFile: string) {
  "use workflow";
  const a = await step("a", 1, sideFile);
  const b = await step("b", 2, sideFile);
  const z = await step("z", 3, sideFile);
  return [a, b, z].join(",");
}

/** `a`, then `p0`, `b` and `p2` at once (Promise.all), then `z`. */
export async function parallel(sideFile: string) {
  "use workflow";
  const a = await step("a", 1, sideFile);
  const fanned = await Promise.all([step("p0", 10, sideFile), step("b", 11, sideFile), step("p2", 12, sideFile)]);
  const z = await step("z", 3, sideFile);
  return [a, ...fanned, z].join(",");
}

/** `a`, a sleep of `ms`, then `b` and `z`; reports whether the workflow clock moved by the sleep. */
export async function sleeper(sideFile: string, ms: number) {
  "use workflow";
  const a = await step("a", 1, sideFile);
  const before = Date.now();
  await sleep(ms);
  const slept = Date.now() - before >= ms;
  const b = await step("b", 2, sideFile);
  const z = await step("z", 3, sideFile);
  return [a, slept, b, z].join(",");
}

/** `a`, a hook with `token` that the test resumes with `{ n }`, then `b` (returning `b<n>`) and `z`. */
export async function hooked(sideFile: string, token: string) {
  "use workflow";
  const a = await step("a", 1, sideFile);
  const payload = await createHook<{ n: number }>({ token });
  const b = await step("b", payload.n, sideFile);
  const z = await step("z", 3, sideFile);
  return [a, b, z].join(",");
}

/** `a`, the stream writer `b`, then `z`. */
export async function streamed(sideFile: string, chunks: number) {
  "use workflow";
  const a = await step("a", 1, sideFile);
  const b = await writeChunks("b", chunks, sideFile);
  const z = await step("z", 3, sideFile);
  return [a, b, z].join(",");
}

/** Kills its own process on every attempt (3 attempts: maxRetries = 2). */
export async function diesEveryTime(tag: string, sideFile: string) {
  "use step";
  appendFileSync(sideFile, `${tag} ${getStepMetadata().attempt} ${process.pid}\n`);
  process.kill(process.pid, "SIGKILL");
  await new Promise(() => {});
}
diesEveryTime.maxRetries = 2;

/** Catches what the step that always dies ends with and returns its code. */
export async function catchesInterrupted(sideFile: string) {
  "use workflow";
  try {
    await diesEveryTime("caught", sideFile);
    return "not thrown";
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

/** Lets the step that always dies fail the run. */
export async function failsInterrupted(sideFile: string) {
  "use workflow";
  await diesEveryTime("uncaught", sideFile);
  return "not thrown";
}
