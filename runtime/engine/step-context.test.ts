import { afterAll, beforeAll, expect, test } from "vitest";
import { getStepMetadata } from "../public/index.ts";
import { start } from "../api/index.ts";
import { createTestRuntime, loadFixture } from "./__fixtures__/harness.ts";

let fixture: Awaited<ReturnType<typeof loadFixture>>;
let env: Awaited<ReturnType<typeof createTestRuntime>>;

beforeAll(async () => {
  fixture = await loadFixture("basic.ts");
  env = await createTestRuntime(fixture.bundle);
});
afterAll(async () => {
  await env?.close();
});

/** Runs `parallelStepIds(n)` and checks every step saw its own id, and only it, across its awaits. */
async function expectOwnIds(n: number) {
  const run = await start(fixture.module.parallelStepIds, [n]);
  const seen = (await run.returnValue) as string[][];
  expect(seen).toHaveLength(n);
  for (const ids of seen) {
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(1);
  }
  expect(new Set(seen.map((ids) => ids[0])).size).toBe(n);
}

test("steps running at once each see their own metadata after every await", async () => {
  await expectOwnIds(8);
});

test("steps started after a time without any step running still see their metadata", async () => {
  await expectOwnIds(3);
  // Once no step body has run for a while, the step context is switched off; the next steps switch it on.
  const storage = (globalThis as Record<symbol, { enabled?: boolean } | undefined>)[Symbol.for("vite-workflow.stepStorage")];
  const isOn = () => storage?.enabled === true;
  while (isOn()) await new Promise((resolve) => setTimeout(resolve, 10));
  await expectOwnIds(5);
  // (Node versions whose AsyncLocalStorage has no hooks to switch do not expose `enabled`.)
  if (storage && "enabled" in storage) expect(storage.enabled).toBe(true);
});

test("outside a step body there is no step context", async () => {
  await expectOwnIds(2);
  expect(() => getStepMetadata()).toThrow();
  await Promise.resolve();
  expect(() => getStepMetadata()).toThrow();
});
