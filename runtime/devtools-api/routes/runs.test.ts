import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createTempWorlds } from "../../world/fs/testing/temp-worlds.ts";
import { createDevtoolsApi } from "../create-devtools-api.ts";

const openWorld = createTempWorlds("wf-devtools-runs-");
const apis: Array<{ close(): void }> = [];
afterEach(() => apis.splice(0).forEach((api) => api.close()));

const RUN = { workflowName: "workflow//workflows/demo.ts//demo", input: "[]", seed: "s" };

describe("run routes over a store with a damaged log", () => {
  it("list, search and detail answer 200 and show the damaged run as failed with ERR_CORRUPT_LOG", async () => {
    const { world: writer, dataDir } = await openWorld();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { runId } = await writer.createRun(RUN);
      await writer.appendEvents(runId, [{ type: "run_started" }]);
      ids.push(runId);
    }
    const damaged = ids[1];
    const log = join(dataDir, "runs", damaged, "events.jsonl");
    const lines = readFileSync(log, "utf8").split("\n");
    writeFileSync(log, [lines[0], "{broken", ...lines.slice(1)].join("\n"));
    // The server starts on the damaged store.
    const { world } = await openWorld(dataDir);

    const api = createDevtoolsApi({ world, changeWindowMs: 5 });
    apis.push(api);
    const get = async (path: string) => {
      const response = await api.fetch(new Request(`http://localhost:5173/__workflow/api${path}`, { headers: { host: "localhost:5173" } }));
      return { status: response.status, body: await response.json() };
    };

    for (const path of ["/runs", "/runs?status=failed", `/runs?search=${damaged.slice(-6)}`, `/runs?ids=${ids.join(",")}`]) {
      const { status, body } = await get(path);
      expect(status, path).toBe(200);
      expect(body.data.find((run: { runId: string }) => run.runId === damaged), path).toMatchObject({
        status: "failed",
        error: { code: "ERR_CORRUPT_LOG", message: expect.stringContaining(`${log} has an unreadable line 2`) },
      });
    }
    expect((await get("/runs")).body.data).toHaveLength(3);

    const detail = await get(`/runs/${damaged}`);
    expect(detail.status).toBe(200);
    expect(detail.body.run).toMatchObject({ status: "failed", error: { code: "ERR_CORRUPT_LOG" } });
    expect(detail.body.events.map((e: { type: string }) => e.type)).toEqual(["run_created", "run_started", "run_failed"]);
    expect((await get(`/runs/${damaged}/events?from=1`)).body.events.map((e: { type: string }) => e.type)).toEqual(["run_started", "run_failed"]);
  });
});
