import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createRuntime, getRuntime, setRuntime } from "../../runtime/index.ts";
import { WorkflowError } from "../../runtime/errors/workflow-error.ts";
import { createWorld } from "../../runtime/world/create-world.ts";
import { serveDevRuntimeStatus, type DevRuntimeStatusServer } from "./dev-runtime-status.ts";
import { devStartChannelName, serveDevStarts } from "./dev-start-channel.ts";
import { installRecordingRuntime } from "./install-recording-runtime.ts";

const tempDirs: string[] = [];
const statusServers: DevRuntimeStatusServer[] = [];
afterEach(async () => {
  setRuntime(undefined);
  // Each test installs a recording runtime of its own (a worker thread installs one for its lifetime).
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("vite-workflow.recordingRuntime")];
  for (const server of statusServers.splice(0)) server.close();
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "recording-"));
  tempDirs.push(dir);
  return dir;
}

/** Stands in for the dev server's thread: answers whether runs can start with `check`. */
function serveStatus(check: () => Promise<void>): void {
  statusServers.push(serveDevRuntimeStatus(check));
}

/** Stands in for the dev server's runtime taking starts: every start becomes `runId`. */
function startServer(runId: string): { close(): void } {
  return serveDevStarts(devStartChannelName(process.env), { url: "http://localhost:4319", start: async () => ({ runId, created: true }) });
}

describe("installRecordingRuntime", () => {
  it("records runs in WORKFLOW_EMBEDDED_DATA_DIR with the origin it was given, without executing them", async () => {
    const dataDir = await tempDataDir();
    process.env.WORKFLOW_EMBEDDED_DATA_DIR = dataDir;
    serveStatus(async () => {});
    installRecordingRuntime();
    installRecordingRuntime("http://localhost:4319");
    const recording = getRuntime();
    expect(recording.url).toBe("http://localhost:4319");

    const { runId } = await recording.start("workflow//workflows/a.ts//a", [1]);
    const world = await createWorld({ dataDir });
    expect(await world.getRun(runId)).toMatchObject({ runId, status: "pending" });
    const events = await world.readEvents(runId);
    expect(events?.map((event) => event.type)).toEqual(["run_created"]);

    // While the dev server cannot build the workflows, start() rejects with its error and records nothing.
    statusServers.splice(0).forEach((server) => server.close());
    let buildError: Error | undefined = new WorkflowError("ERR_WORKFLOW_BUILD_FAILED", "No workflow run can start: workflows/a.ts:3:13: Unexpected token.");
    serveStatus(async () => {
      if (buildError) throw buildError;
    });
    const refused = await recording.start("workflow//workflows/a.ts//a", [2]).then(() => undefined, (error: unknown) => error as WorkflowError);
    expect(refused).toMatchObject({ code: "ERR_WORKFLOW_BUILD_FAILED", message: expect.stringContaining("workflows/a.ts:3:13: Unexpected token") });
    expect((await world.listRuns({})).data.map((run) => run.runId)).toEqual([runId]);

    buildError = undefined;
    const { runId: next } = await recording.start("workflow//workflows/a.ts//a", [3]);
    expect(await world.getRun(next)).toMatchObject({ status: "pending" });
    await world.close();

    installRecordingRuntime("http://localhost:4319");
    expect(getRuntime()).toBe(recording);
    await recording.world.close();
  });

  it("hands a start to a dev server that accepts starts, which begins the run itself", async () => {
    const dataDir = await tempDataDir();
    process.env.WORKFLOW_EMBEDDED_DATA_DIR = dataDir;
    statusServers.push(serveDevRuntimeStatus(async () => {}, { acceptsStarts: true }));
    const handed: unknown[][] = [];
    statusServers.push(
      serveDevStarts(devStartChannelName(process.env), {
        url: "http://localhost:4319",
        start: async (workflowName, args) => {
          handed.push([workflowName, ...args]);
          return { runId: "wrun_handed", created: true };
        },
      }),
    );
    installRecordingRuntime("http://localhost:4319");
    const recording = getRuntime();
    await expect(recording.start("workflow//workflows/a.ts//a", [7])).resolves.toEqual({ runId: "wrun_handed", created: true });
    expect(handed).toEqual([["workflow//workflows/a.ts//a", 7]]);
    await recording.world.close();
  });

  it("hands later starts to a dev server known to take them without asking for its status again", async () => {
    const dataDir = await tempDataDir();
    process.env.WORKFLOW_EMBEDDED_DATA_DIR = dataDir;
    let queries = 0;
    statusServers.push(serveDevRuntimeStatus(async () => void queries++, { acceptsStarts: true }));
    let buildError: Error | undefined;
    const handed: unknown[] = [];
    statusServers.push(
      serveDevStarts(devStartChannelName(process.env), {
        url: "http://localhost:4319",
        start: async (_workflowName, args) => {
          if (buildError) throw buildError;
          handed.push(args[0]);
          return { runId: `wrun_${handed.length}`, created: true };
        },
      }),
    );
    installRecordingRuntime("http://localhost:4319");
    const recording = getRuntime();
    await expect(recording.start("workflow//workflows/a.ts//a", [1])).resolves.toEqual({ runId: "wrun_1", created: true });
    await expect(recording.start("workflow//workflows/a.ts//a", [2])).resolves.toEqual({ runId: "wrun_2", created: true });
    expect(queries).toBe(1);
    expect(handed).toEqual([1, 2]);

    // The dev server's own start() refuses while its workflows do not build: that error is the caller's.
    buildError = new WorkflowError("ERR_WORKFLOW_BUILD_FAILED", "No workflow run can start: workflows/a.ts:3:13: Unexpected token.");
    await expect(recording.start("workflow//workflows/a.ts//a", [3])).rejects.toMatchObject({
      code: "ERR_WORKFLOW_BUILD_FAILED",
      message: expect.stringContaining("workflows/a.ts:3:13: Unexpected token"),
    });
    expect(handed).toEqual([1, 2]);
    await recording.world.close();
  });

  it("asks a dev server that opened anew before handing it starts, so a start waits for its runtime", async () => {
    const dataDir = await tempDataDir();
    process.env.WORKFLOW_EMBEDDED_DATA_DIR = dataDir;
    let first = startServer("wrun_first");
    statusServers.push(serveDevRuntimeStatus(async () => {}, { acceptsStarts: true }));
    installRecordingRuntime("http://localhost:4319");
    const recording = getRuntime();
    await expect(recording.start("workflow//workflows/a.ts//a", [])).resolves.toMatchObject({ runId: "wrun_first" });

    // A restart: the old server goes; the new one announces itself at once, but serves starts only once its
    // runtime is up (as the dev-server plugin does).
    statusServers.splice(0).forEach((server) => server.close());
    first.close();
    let runtimeUp!: () => void;
    const up = new Promise<void>((resolve) => (runtimeUp = resolve));
    statusServers.push(serveDevRuntimeStatus(() => up, { acceptsStarts: true }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = recording.start("workflow//workflows/a.ts//a", []);
    await new Promise((resolve) => setTimeout(resolve, 20));
    first = startServer("wrun_second");
    statusServers.push(first);
    runtimeUp();
    await expect(started).resolves.toMatchObject({ runId: "wrun_second" });
    await recording.world.close();
  });

  it("keeps a runtime someone else installed", async () => {
    const world = await createWorld({ dataDir: await tempDataDir() });
    const own = createRuntime({ world, consume: false, workflowBundle: () => ({ code: "" }) });
    setRuntime(own);
    installRecordingRuntime("http://localhost:4319");
    expect(getRuntime()).toBe(own);
    await world.close();
  });
});
