/** What the test sees of the steps of `gatedSeq`: each call with its index, and the gate step 0 waits for. */
interface LeaseProbe {
  calls: number[];
  gate: Promise<void>;
}

/** Where the test puts the probe (a global, since the step module is loaded apart from the test). */
const PROBE = Symbol.for("vite-workflow.test.leaseProbe");
const probe = (): LeaseProbe => (globalThis as { [PROBE]?: LeaseProbe })[PROBE] ?? { calls: [], gate: Promise.resolve() };

/** Records its call; step 0 waits for the test's gate, so its run is mid-step while the test works. */
export async function gatedStep(index: number) {
  "use step";
  probe().calls.push(index);
  if (index === 0) await probe().gate;
  return index;
}

export async function gatedSeq(n: number) {
  "use workflow";
  let last = -1;
  for (let i = 0; i < n; i++) last = await gatedStep(i);
  return last;
}
