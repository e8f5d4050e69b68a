import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createWorld } from "./create-world.ts";

const dirs: string[] = [];
afterEach(() => {
  vi.unstubAllEnvs();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("createWorld", () => {
  it("defaults to the filesystem world in WORKFLOW_EMBEDDED_DATA_DIR", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wf-create-"));
    dirs.push(dir);
    vi.stubEnv("WORKFLOW_TARGET_WORLD", "");
    vi.stubEnv("WORKFLOW_EMBEDDED_DATA_DIR", join(dir, "data"));
    const world = await createWorld();
    const { runId } = await world.createRun({ workflowName: "workflow//w", input: "[]", seed: "s" });
    expect(existsSync(join(dir, "data", "runs", runId, "events.jsonl"))).toBe(true);
    await world.close();
  });

  it("prefers the dataDir option over the environment", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wf-create-"));
    dirs.push(dir);
    vi.stubEnv("WORKFLOW_EMBEDDED_DATA_DIR", join(dir, "env"));
    const world = await createWorld({ dataDir: join(dir, "option"), target: "embedded" });
    await world.close();
    expect(existsSync(join(dir, "option", "runs"))).toBe(true);
    expect(existsSync(join(dir, "env"))).toBe(false);
  });

  it("says clearly that the postgres world is not available yet, and rejects unknown targets", async () => {
    vi.stubEnv("WORKFLOW_TARGET_WORLD", "postgres");
    await expect(createWorld()).rejects.toMatchObject({ code: "ERR_WORLD_UNAVAILABLE", message: expect.stringContaining("not available yet") });
    await expect(createWorld({ target: "redis" })).rejects.toMatchObject({ code: "ERR_WORLD_UNKNOWN_TARGET" });
  });
});
