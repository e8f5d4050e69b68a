import { FatalError, getStepMetadata, getWritable, RetryableError } from "workflow";

/** Writes `<label><attempt>-<i>` three times, then fails the first attempt (fatally when `fatal`). */
async function writeThenFail(label: string, fatal: boolean) {
  "use step";
  const { attempt } = getStepMetadata();
  const writer = getWritable<string>().getWriter();
  for (let i = 0; i < 3; i++) await writer.write(`${label}${attempt}-${i}`);
  writer.releaseLock();
  if (fatal) throw new FatalError(`${label} gave up`);
  if (attempt === 1) throw new RetryableError(`${label} failed once`, { retryAfter: 5 });
  return attempt;
}

/** Same through a writable the workflow passed in (a stream by reference). */
async function writeToHandleThenFail(writable: WritableStream<string>) {
  "use step";
  const { attempt } = getStepMetadata();
  const writer = writable.getWriter();
  for (let i = 0; i < 3; i++) await writer.write(`handle${attempt}-${i}`);
  writer.releaseLock();
  if (attempt === 1) throw new RetryableError("handle write failed once", { retryAfter: 5 });
  return attempt;
}

export async function retriedWriter() {
  "use workflow";
  const first = await writeThenFail("try", false);
  const second = await writeToHandleThenFail(getWritable());
  return [first, second];
}

export async function fatalWriter() {
  "use workflow";
  try {
    await writeThenFail("fatal", true);
  } catch {
    // The run goes on; the failed attempt's chunks must not be read.
  }
  return await writeThenFail("after", false);
}

/** Writes `chunk-0` … `chunk-{n-1}` one by one, each awaited; returns `n` (killed midway by the crash test). */
async function writeMany(n: number) {
  "use step";
  const writer = getWritable<string>().getWriter();
  for (let i = 0; i < n; i++) await writer.write(`chunk-${i}`);
  await writer.close();
  return n;
}

export async function streamy(n: number) {
  "use workflow";
  return await writeMany(n);
}
