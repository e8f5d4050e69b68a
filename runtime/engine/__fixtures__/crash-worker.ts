// Child process of the crash test: runs the engine on a shared data dir until the given run ends.
import { readFileSync } from "node:fs";
import { createRuntime } from "../create-runtime.ts";
import { setRuntime } from "../default-runtime.ts";
import { createFsWorld } from "../../world/fs/create-fs-world.ts";

// With WF_START_WORKFLOW set it starts runs of that workflow one after another (args from WF_START_ARGS),
// printing "started <runId>" once each start() resolved, until it is killed.
const { WF_DATA_DIR, WF_BUNDLE_FILE, WF_RUN_ID, WF_START_WORKFLOW, WF_START_ARGS } = process.env as Record<string, string>;
const bundle = JSON.parse(readFileSync(WF_BUNDLE_FILE, "utf8")) as { code: string; map?: string };
const world = await createFsWorld({ dataDir: WF_DATA_DIR });
const runtime = createRuntime({ world, workflowBundle: () => bundle });
setRuntime(runtime);
process.stdout.write("ready\n");
if (WF_START_WORKFLOW) {
  for (;;) {
    const { runId } = await runtime.start(WF_START_WORKFLOW, JSON.parse(WF_START_ARGS) as unknown[]);
    process.stdout.write(`started ${runId}\n`);
  }
}
for (const runId of WF_RUN_ID.split(",")) await runtime.waitForRun(runId);
await runtime.close();
await world.close();
process.stdout.write("done\n");
process.exit(0);
