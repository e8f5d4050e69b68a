import { createHook, sleep } from "workflow";

/** A step that takes `ms`, so a run of them is still going when the database stops. */
export async function slowAdd(value: number, ms: number) {
  "use step";
  await new Promise((resolve) => setTimeout(resolve, ms));
  return value + 1;
}

export async function slowSeq(n: number, ms: number) {
  "use workflow";
  let total = 0;
  for (let i = 0; i < n; i++) total = await slowAdd(total, ms);
  return total;
}

export async function sleeps(times: number, ms: number) {
  "use workflow";
  for (let i = 0; i < times; i++) await sleep(ms);
  return times;
}

export async function hookThenSteps(token: string) {
  "use workflow";
  const hook = createHook<{ n: number }>({ token });
  const seen: number[] = [];
  for await (const payload of hook) {
    seen.push(await slowAdd(payload.n, 1));
    if (seen.length === 3) break;
  }
  return seen;
}
