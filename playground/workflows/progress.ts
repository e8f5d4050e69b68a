import { getWritable } from "workflow";

/** One progress message on the run's default stream. */
export interface Progress {
  item: string;
  done: number;
  total: number;
}

/** Processes items one step at a time and streams a progress message after each. */
export async function batchProgress(items: string[]) {
  "use workflow";

  const writable = getWritable<Progress>();
  const results: string[] = [];
  for (let index = 0; index < items.length; index++) {
    results.push(await processItem(writable, items[index], index, items.length));
  }
  await closeProgress(writable);
  return { processed: results };
}

async function processItem(writable: WritableStream<Progress>, item: string, index: number, total: number) {
  "use step";
  // Console output in a step is kept per attempt: the devtools panel shows it under the step.
  console.log(`processing ${item} (${index + 1}/${total})`);
  // Stands in for real work, so the progress visibly arrives one message at a time.
  await new Promise((resolve) => setTimeout(resolve, 150));
  const writer = writable.getWriter();
  try {
    await writer.write({ item, done: index + 1, total });
  } finally {
    writer.releaseLock();
  }
  return item.toUpperCase();
}

async function closeProgress(writable: WritableStream<Progress>) {
  "use step";
  await writable.close();
}
