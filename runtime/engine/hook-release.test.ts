import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { getHookByToken, resumeHook, start } from "../api/index.ts";
import { createFsWorld } from "../world/fs/create-fs-world.ts";
import type { World } from "../world/world.ts";
import { createTestRuntime, loadFixture } from "./__fixtures__/harness.ts";

let fixture: Awaited<ReturnType<typeof loadFixture>>;
let env: Awaited<ReturnType<typeof createTestRuntime>>;
let dataDir: string;
/** Runs whose hooks the engine looked up in the world's index to release them. */
const listed: string[] = [];

beforeAll(async () => {
  fixture = await loadFixture("hooks.ts");
  dataDir = mkdtempSync(join(tmpdir(), "wf-hook-release-"));
  const world = await createFsWorld({ dataDir });
  const counting: World = { ...world, hooks: { ...world.hooks, listByRun: (runId) => (listed.push(runId), world.hooks.listByRun(runId)) } };
  env = await createTestRuntime(fixture.bundle, { world: counting, dataDir });
});
afterAll(async () => {
  await env?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function hookReady(token: string) {
  for (;;) {
    const hook = await getHookByToken(token).catch(() => undefined);
    if (hook) return hook;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

test("a run that made no hook call ends without a lookup in the hook index", async () => {
  const run = await start(fixture.module.noHooks, [21]);
  expect(await run.returnValue).toBe(42);
  expect(listed).not.toContain(run.runId);
});

test("a run that made a hook call frees its token when it ends, so the next run can take it", async () => {
  const token = `release:${Date.now()}`;
  const first = await start(fixture.module.holdsToken, [token]);
  await hookReady(token);
  await resumeHook(token, "one");
  expect(await first.returnValue).toBe("one");
  expect(listed).toContain(first.runId);
  const second = await start(fixture.module.holdsToken, [token]);
  expect((await hookReady(token)).runId).toBe(second.runId);
  await resumeHook(token, "two");
  expect(await second.returnValue).toBe("two");
});
