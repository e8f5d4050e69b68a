import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createRuntime, getRuntime, setRuntime } from "../../runtime/index.ts";
import { createWorld } from "../../runtime/world/create-world.ts";
import { installRecordingRuntime } from "./install-recording-runtime.ts";

afterEach(() => setRuntime(undefined));

describe("installRecordingRuntime", () => {
  it("records runs in WORKFLOW_EMBEDDED_DATA_DIR with the origin it was given, without executing them", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "recording-"));
    process.env.WORKFLOW_EMBEDDED_DATA_DIR = dataDir;
    installRecordingRuntime();
    installRecordingRuntime("http://localhost:4319");
    const recording = getRuntime();
    expect(recording.url).toBe("http://localhost:4319");

    const { runId } = await recording.start("workflow//workflows/a.ts//a", [1]);
    const world = await createWorld({ dataDir });
    expect(await world.getRun(runId)).toMatchObject({ runId, status: "pending" });
    const events = await world.readEvents(runId);
    expect(events?.map((event) => event.type)).toEqual(["run_created"]);
    await world.close();

    installRecordingRuntime("http://localhost:4319");
    expect(getRuntime()).toBe(recording);
    await recording.world.close();
  });

  it("keeps a runtime someone else installed", async () => {
    const world = await createWorld({ dataDir: await mkdtemp(join(tmpdir(), "recording-")) });
    const own = createRuntime({ world, consume: false, workflowBundle: () => ({ code: "" }) });
    setRuntime(own);
    installRecordingRuntime("http://localhost:4319");
    expect(getRuntime()).toBe(own);
    await world.close();
  });
});
