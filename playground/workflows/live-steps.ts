import { createHook } from "workflow";

/**
 * Two steps, then a wait on a hook with the given token, then a last step adding the hook's `add`: a run
 * that stays live, with finished steps, until someone resumes it (the devtools e2e test does).
 */
export async function liveSteps(token: string) {
  "use workflow";
  const first = await countTo(1);
  const second = await countTo(first + 1);
  const { add } = await createHook<{ add: number }>({ token });
  return await countTo(second + add);
}

async function countTo(n: number) {
  "use step";
  return n;
}
