import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getRun, start } from "../../api/index.ts";
import { createTestRuntime, loadFixture } from "../../engine/__fixtures__/harness.ts";
import { createFsWorld } from "./create-fs-world.ts";

let fixture: Awaited<ReturnType<typeof loadFixture>>;
const dataDir = mkdtempSync(join(tmpdir(), "wf-damaged-recovery-"));

beforeAll(async () => {
  fixture = await loadFixture("basic.ts");
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe("engine over a store with a damaged log", () => {
  test("recovers every other unfinished run and reports the damaged one as failed", async () => {
    // Record three runs without executing them (no consumer), as a server that crashed right after start().
    const recording = await createTestRuntime(fixture.bundle, { dataDir, consume: false });
    const runIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { runId } = await start(fixture.module.seq, [2]);
      await recording.world.appendEvents(runId, [{ type: "run_started" }]);
      runIds.push(runId);
    }
    await recording.close();
    const [first, damaged, last] = runIds.toSorted();
    const log = join(dataDir, "runs", damaged, "events.jsonl");
    const lines = readFileSync(log, "utf8").split("\n");
    writeFileSync(log, [lines[0], "{broken", ...lines.slice(1)].join("\n"));

    const env = await createTestRuntime(fixture.bundle, { dataDir });
    try {
      expect(await getRun(first).returnValue).toBe(2);
      expect(await getRun(last).returnValue).toBe(2);
      const summary = await env.world.getRun(damaged);
      expect(summary).toMatchObject({ status: "failed", error: { code: "ERR_CORRUPT_LOG" } });
      expect(summary!.error!.message).toContain(`${log} has an unreadable line 2`);
      await expect(getRun(damaged).returnValue).rejects.toMatchObject({ code: "ERR_RUN_FAILED" });
    } finally {
      await env.close();
    }
    // Nothing was written to the damaged log; its marker stays so a repaired log resumes.
    expect(readFileSync(log, "utf8").split("\n")[1]).toBe("{broken");
    const world = await createFsWorld({ dataDir });
    try {
      expect(await world.listActiveRunIds()).toEqual([]);
    } finally {
      await world.close();
    }
  });
});
