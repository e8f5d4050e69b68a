import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { HookRecord } from "../world.ts";
import { createTempWorlds } from "./testing/temp-worlds.ts";

const open = createTempWorlds("wf-hooks-");

const RUN = { workflowName: "workflow//a.ts//wf", input: "[]", seed: "s" };
const hook = (runId: string, hookId: string, token: string): HookRecord => ({ token, runId, hookId, kind: "hook", createdAt: Date.now() });

describe("fs world: hook token index", () => {
  it("lets exactly one of many concurrent claims (two instances) own a token", async () => {
    const { world: a, dataDir } = await open();
    const { world: b } = await open(dataDir);
    const runs = await Promise.all(Array.from({ length: 8 }, () => a.createRun(RUN)));
    const results = await Promise.all(runs.map(({ runId }, i) => (i % 2 ? a : b).hooks.claim(hook(runId, `hook_${i}`, "shared-token"))));
    expect(results.filter(Boolean)).toHaveLength(1);
    const owner = runs[results.indexOf(true)].runId;
    expect(await b.hooks.get("shared-token")).toMatchObject({ runId: owner, token: "shared-token" });
    expect(readdirSync(join(dataDir, "hooks")).filter((f) => f.endsWith(".json"))).toHaveLength(1);
  });

  it("re-claiming by the same hook succeeds; release frees the token only for its owner", async () => {
    const { world } = await open();
    const { runId } = await world.createRun(RUN);
    const { runId: other } = await world.createRun(RUN);
    const token = "slack:channel/42 ✓";
    expect(await world.hooks.claim({ ...hook(runId, "hook_1", token), kind: "webhook", metadata: "[1]" })).toBe(true);
    expect(await world.hooks.claim(hook(runId, "hook_1", token))).toBe(true);
    expect(await world.hooks.claim(hook(other, "hook_9", token))).toBe(false);
    expect(await world.hooks.listByRun(runId)).toEqual([expect.objectContaining({ token, hookId: "hook_1", kind: "webhook", metadata: "[1]" })]);
    await world.hooks.release(token, "hook_other");
    expect(await world.hooks.get(token)).toBeDefined();
    await world.hooks.release(token, "hook_1");
    expect(await world.hooks.get(token)).toBeUndefined();
    expect(await world.hooks.listByRun(runId)).toEqual([]);
    expect(await world.hooks.claim(hook(other, "hook_9", token))).toBe(true);
    expect(await world.hooks.listByRun(other)).toHaveLength(1);
  });

  it("lets a new hook take over a token whose owner's run ended or whose hook was disposed", async () => {
    const { world, dataDir } = await open();
    const { runId: first } = await world.createRun(RUN);
    const { runId: second } = await world.createRun(RUN);
    const { runId: third } = await world.createRun(RUN);
    expect(await world.hooks.claim(hook(first, "hook_1", "tok"))).toBe(true);
    await world.appendEvents(first, [{ type: "run_completed", output: "1" }]);
    expect(await world.hooks.get("tok")).toBeUndefined();
    const { world: other } = await open(dataDir);
    expect(await other.hooks.claim(hook(second, "hook_2", "tok"))).toBe(true);
    expect(await world.hooks.listByRun(first)).toEqual([]);
    await other.appendEvents(second, [{ type: "hook_disposed", correlationId: "hook_2" }]);
    expect(await world.hooks.claim(hook(third, "hook_3", "tok"))).toBe(true);
    expect(await other.hooks.get("tok")).toMatchObject({ runId: third });
  });

  it("answers unknown and malformed tokens with undefined and rejects malformed records", async () => {
    const { world } = await open();
    expect(await world.hooks.get("nope")).toBeUndefined();
    expect(await world.hooks.get("")).toBeUndefined();
    expect(await world.hooks.listByRun("../x")).toEqual([]);
    await expect(world.hooks.claim(hook("wrun_bad", "hook_1", "t"))).rejects.toMatchObject({ code: "ERR_WORLD_INVALID_INPUT" });
    const { runId } = await world.createRun(RUN);
    await expect(world.hooks.claim(hook(runId, "../hook", "t"))).rejects.toMatchObject({ code: "ERR_WORLD_INVALID_INPUT" });
  });
});
