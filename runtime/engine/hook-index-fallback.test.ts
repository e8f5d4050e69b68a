import { afterAll, beforeAll, expect, test } from "vitest";
import { resumeHook, start } from "../api/index.ts";
import { createMemoryWorld } from "../world/memory/create-memory-world.ts";
import { createTestRuntime, loadFixture } from "./__fixtures__/harness.ts";

// A world with an index of recorded hooks, whose index has not marked a hook: the claim written by an
// instance still on an older schema during a rolling upgrade.
let fixture: Awaited<ReturnType<typeof loadFixture>>;
let env: Awaited<ReturnType<typeof createTestRuntime>>;
let lookups = 0;

beforeAll(async () => {
  fixture = await loadFixture("hooks.ts");
  const world = createMemoryWorld();
  expect(world.hooks.getRecorded).toBeTypeOf("function");
  world.hooks.getRecorded = async () => {
    lookups++;
    return undefined;
  };
  env = await createTestRuntime(fixture.bundle, { world });
});
afterAll(async () => {
  await env?.close();
});

test("a hook the recorded-hooks index does not list is still found through its claim and its run's log", async () => {
  const token = `unindexed:${Date.now()}`;
  const run = await start(fixture.module.hookLoop, [token, 1]);
  // Until its hook_created is stored the token is not found, so senders try again.
  for (;;) {
    const resumed = await resumeHook(token, { n: 4 }).then(() => true, (error: { code?: string }) => {
      if (error.code !== "ERR_HOOK_NOT_FOUND") throw error;
      return false;
    });
    if (resumed) break;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  expect(await run.returnValue).toEqual([8]);
  expect(lookups).toBeGreaterThan(0);
  await expect(resumeHook("no-such-token", 1)).rejects.toMatchObject({ code: "ERR_HOOK_NOT_FOUND" });
});
