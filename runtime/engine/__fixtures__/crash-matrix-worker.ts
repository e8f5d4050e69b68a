// Child process of the crash matrix: runs the engine on a shared data dir until the given runs end, and
// SIGKILLs itself at a deterministic point of the engine's writes when WF_KILL says so:
//   WF_KILL="before:<event type>:<n>"  just before the append holding the n-th event of that type is made
//   WF_KILL="after:<event type>:<n>"   right after that append is durable, before the engine goes on
// (counted over the events this process appends). WF_HOLD="<event type>:<n>" instead holds that append back,
// after printing "held", until the file WF_HOLD_UNTIL exists. Steps kill themselves through WF_KILL_IN_STEP and
// WF_KILL_AFTER_CHUNK (see crash-matrix.ts). Prints "done" once every run of WF_RUN_IDS has ended.
import { existsSync, readFileSync, writeSync } from "node:fs";
import type { World } from "../../world/world.ts";
import { createFsWorld } from "../../world/fs/create-fs-world.ts";
import { createRuntime } from "../create-runtime.ts";
import { setRuntime } from "../default-runtime.ts";

const { WF_DATA_DIR, WF_BUNDLE_FILE, WF_RUN_IDS, WF_KILL, WF_HOLD, WF_HOLD_UNTIL } = process.env as Record<string, string>;

/** Kills this process at once: nothing after this line runs, no buffer is flushed. */
function die(why: string): Promise<never> {
  writeSync(1, `killed ${why}\n`);
  process.kill(process.pid, "SIGKILL");
  return new Promise<never>(() => {});
}

/** Waits until the test creates the file `path`. */
async function holdUntil(path: string): Promise<void> {
  writeSync(1, "held\n");
  while (!existsSync(path)) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** The world with `appendEvents` wrapped to die (or wait) at the kill point. */
function withKillPoint(world: World, spec: string | undefined): World {
  if (!spec) return world;
  const [when, type, nth] = spec.split(":");
  const target = Number(nth);
  let seen = 0;
  return {
    ...world,
    async appendEvents(runId, events, options) {
      const before = seen;
      seen += events.filter((event) => event.type === type).length;
      const hit = before < target && seen >= target;
      if (hit && when === "before") return die(spec);
      if (hit && when === "hold") await holdUntil(WF_HOLD_UNTIL);
      const stored = await world.appendEvents(runId, events, options);
      if (hit && when === "after") return die(spec);
      return stored;
    },
  };
}

const bundle = JSON.parse(readFileSync(WF_BUNDLE_FILE, "utf8")) as { code: string; map?: string };
const world = await createFsWorld({ dataDir: WF_DATA_DIR });
const runtime = createRuntime({ world: withKillPoint(world, WF_KILL ?? (WF_HOLD && `hold:${WF_HOLD}`)), workflowBundle: () => bundle });
setRuntime(runtime);
await Promise.all(WF_RUN_IDS.split(",").map((runId) => runtime.waitForRun(runId)));
await runtime.close();
await world.close();
writeSync(1, "done\n");
process.exit(0);
