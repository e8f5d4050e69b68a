import { createRuntime, getRuntime, setRuntime, type Runtime } from "../../runtime/index.ts";
import { createWorld } from "../../runtime/world/create-world.ts";
import type { World } from "../../runtime/world/world.ts";
import { createDeferredWorld } from "./create-deferred-world.ts";

/** The recording runtime this thread installed, shared by every copy of this module. */
const RECORDING_RUNTIME = Symbol.for("vite-workflow.recordingRuntime");

interface RecordingState {
  world: World;
  url: string | undefined;
  runtime: Runtime;
}

type Host = { [RECORDING_RUNTIME]?: RecordingState };

/**
 * Gives a thread that has no workflow runtime (Nitro's dev worker, for one) a runtime that records runs,
 * hook payloads and stream reads in the world of `WORKFLOW_EMBEDDED_DATA_DIR`, and queues work there,
 * without executing anything: the dev server's runtime, which shares that data dir, consumes the queue.
 *
 * `url` is the app's origin, recorded with new runs (webhook URLs are built from it). Calling again with
 * another origin replaces the recording runtime (same world); a runtime installed by anyone else is kept.
 * @example installRecordingRuntime(new URL(request.url).origin);
 */
export function installRecordingRuntime(url?: string): void {
  const host = globalThis as Host;
  const state = host[RECORDING_RUNTIME];
  let current: Runtime | undefined;
  try {
    current = getRuntime();
  } catch {
    current = undefined;
  }
  if (current && current !== state?.runtime) return;
  if (current && (url === undefined || url === state?.url)) return;

  const world = state?.world ?? createDeferredWorld(createWorld());
  const runtime = createRuntime({
    world,
    url,
    consume: false,
    workflowBundle: () => {
      throw new Error("This runtime only records runs; the Vite dev server executes them.");
    },
  });
  host[RECORDING_RUNTIME] = { world, url, runtime };
  setRuntime(runtime);
}
