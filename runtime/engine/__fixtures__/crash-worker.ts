// Child process of the crash test: runs the engine on a shared data dir until the given run ends.
import { readFileSync } from "node:fs";
import { createRuntime } from "../create-runtime.ts";
import { setRuntime } from "../default-runtime.ts";
import { createFsWorld } from "../../world/fs/create-fs-world.ts";

const { WF_DATA_DIR, WF_BUNDLE_FILE, WF_RUN_ID } = process.env as Record<string, string>;
const bundle = JSON.parse(readFileSync(WF_BUNDLE_FILE, "utf8")) as { code: string; map?: string };
const world = await createFsWorld({ dataDir: WF_DATA_DIR });
const runtime = createRuntime({ world, workflowBundle: () => bundle });
setRuntime(runtime);
process.stdout.write("ready\n");
await runtime.waitForRun(WF_RUN_ID);
await runtime.close();
await world.close();
process.stdout.write("done\n");
process.exit(0);
