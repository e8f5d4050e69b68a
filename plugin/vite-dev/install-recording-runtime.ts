import { createRuntime, getRuntime, setRuntime, type Runtime } from "../../runtime/index.ts";
import { createWorld } from "../../runtime/world/create-world.ts";
import type { World } from "../../runtime/world/world.ts";
import { createDeferredWorld } from "./create-deferred-world.ts";
import { announceQueuedMessages, devQueueChannelName } from "./dev-queue-channel.ts";
import { createDevRuntimeStatusClient, type DevRuntimeStatusClient } from "./dev-runtime-status.ts";
import { createDevStartClient, devStartChannelName, type DevStartClient } from "./dev-start-channel.ts";

/** The recording runtime this thread installed, shared by every copy of this module. */
const RECORDING_RUNTIME = Symbol.for("vite-workflow.recordingRuntime");

interface RecordingState {
  world: World;
  url: string | undefined;
  runtime: Runtime;
  status: DevRuntimeStatusClient;
  starter: DevStartClient;
}

type Host = { [RECORDING_RUNTIME]?: RecordingState };

/**
 * Gives a thread that has no workflow runtime (Nitro's dev worker, for one) a runtime that records runs,
 * hook payloads and stream reads in the world the environment names (`createWorld()`: the dev-server plugin
 * publishes its embedded data dir or its PostgreSQL URL and schema there), and queues work there, without
 * executing anything: the dev server's runtime, which shares that store, consumes the queue.
 *
 * Before recording a run, `start()` asks the dev server whether its workflows build, and rejects with its
 * `ERR_WORKFLOW_BUILD_FAILED` error when they do not, instead of recording a run nothing could execute.
 * When the dev server answers, `start()` hands the run to it (plain-data arguments, same origin), which
 * records and begins it in one write; other starts are recorded here and announced to it. Once the dev
 * server is known to take starts, they go to it without the question (it refuses them with the same error).
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

  // Queued work is announced to the dev server, which executes it at once rather than when its queue sees it.
  const world = state?.world ?? announceQueuedMessages(createDeferredWorld(createWorld()), devQueueChannelName(process.env));
  const status = state?.status ?? createDevRuntimeStatusClient();
  const runtime = createRuntime({
    world,
    url,
    consume: false,
    workflowBundle: () => {
      throw new Error("This runtime only records runs; the Vite dev server executes them.");
    },
  });
  const starter = state?.starter ?? createDevStartClient(devStartChannelName(process.env));
  const record = runtime.start;
  runtime.start = async (workflowName, args = [], startOptions = {}) => {
    // The dev server starts the run itself when it can: one write, and its first steps run at once. One known
    // to take starts gets the start straight away: its start() refuses with the build error itself, so asking
    // for its status first would only add a round trip between threads to every start.
    const handedFirst = status.acceptsStarts();
    if (handedFirst) {
      const started = await starter.start(workflowName, args, startOptions, url);
      if (started) return started;
    }
    await status.assertCanStart();
    const started = !handedFirst && status.acceptsStarts() ? await starter.start(workflowName, args, startOptions, url) : undefined;
    return started ?? record(workflowName, args, startOptions);
  };
  host[RECORDING_RUNTIME] = { world, url, runtime, status, starter };
  setRuntime(runtime);
}
