import { createRuntime, type Runtime } from "../engine/create-runtime.ts";
import { hasRuntime, getRuntime, setRuntime, setRuntimeInstaller } from "../engine/default-runtime.ts";
import { WorkflowError } from "../errors/workflow-error.ts";
import type { WorkflowBundleSource } from "../sandbox/compile-workflow-bundle.ts";
import { createWorld } from "../world/create-world.ts";
import type { World } from "../world/world.ts";
import { createDeferredWorld } from "../../plugin/vite-dev/create-deferred-world.ts";
import { resolvePublicUrl } from "../../plugin/nitro/runtime/resolve-public-url.ts";
import { getEmbeddedWorkflows, setEmbeddedWorkflows, type EmbeddedWorkflows } from "./embedded-workflows.ts";

/** Options of `startWorkflowRuntime`. Every field is optional. */
export interface StartWorkflowRuntimeOptions {
  /**
   * The workflow bundle to run. Default: the one the build embedded (the `workflow()` Vite plugin in an SSR
   * build, or the Rollup/webpack/esbuild adapter).
   */
  workflowBundle?: WorkflowBundleSource;
  /**
   * The World runs are stored in. Default: `createWorld()`, which reads the environment
   * (`WORKFLOW_TARGET_WORLD=postgres` with `WORKFLOW_POSTGRES_URL`, else the filesystem world in
   * `WORKFLOW_EMBEDDED_DATA_DIR` or `.workflow-data` in the working directory).
   */
  world?: World | Promise<World>;
  /** Base URL runs record (webhook URLs). Default: `WORKFLOW_PUBLIC_URL`, else `http://localhost:$PORT`. */
  url?: string;
}

const STATE_SLOT = Symbol.for("vite-workflow.node.state");

/** The runtime this entry started and the world it opened (closed again by `closeWorkflowRuntime`). */
interface StartedRuntime {
  runtime: Runtime;
  world: Promise<World>;
  ownsWorld: boolean;
}

type Host = { [STATE_SLOT]?: StartedRuntime };

/**
 * Starts the workflow runtime of this process now, and resolves once its world is open: runs left
 * unfinished by an earlier process resume at once. Without it, a server built with the embedding starts
 * the runtime on first use of `start()` or the well-known routes. When a runtime is already running and no
 * option is given, resolves with that one.
 * @example await startWorkflowRuntime(); server.listen(3000);
 */
export async function startWorkflowRuntime(options: StartWorkflowRuntimeOptions = {}): Promise<Runtime> {
  const plain = options.workflowBundle === undefined && options.world === undefined && options.url === undefined;
  if (plain && hasRuntime()) {
    const runtime = getRuntime();
    await (globalThis as Host)[STATE_SLOT]?.world;
    return runtime;
  }
  const started = createNodeRuntime(options);
  await started.world;
  return started.runtime;
}

/**
 * Stops the runtime `startWorkflowRuntime` (or first use) started: waits for deliveries in progress and
 * closes the world it opened. A later `start()` starts it again.
 * @example process.on("SIGTERM", async () => { await closeWorkflowRuntime(); process.exit(0); });
 */
export async function closeWorkflowRuntime(): Promise<void> {
  const host = globalThis as Host;
  const started = host[STATE_SLOT];
  if (!started) return;
  host[STATE_SLOT] = undefined;
  await started.runtime.close();
  setRuntime(undefined);
  if (started.ownsWorld) await (await started.world).close();
  const embedded = getEmbeddedWorkflows();
  if (embedded) installOnFirstUse(embedded);
}

/**
 * Called by the module a build embeds: records the bundle and step modules, and starts the runtime on the
 * first `getRuntime()` (`start()`, `getRun()`, `resumeHook()`, the well-known routes).
 */
export function registerEmbeddedWorkflows(embedded: EmbeddedWorkflows): void {
  setEmbeddedWorkflows(embedded);
  installOnFirstUse(embedded);
}

function installOnFirstUse(embedded: EmbeddedWorkflows): void {
  setRuntimeInstaller(() => {
    const { runtime } = createNodeRuntime({ workflowBundle: embedded.workflowBundle });
    return runtime;
  });
}

function createNodeRuntime(options: StartWorkflowRuntimeOptions): StartedRuntime {
  const workflowBundle = options.workflowBundle ?? getEmbeddedWorkflows()?.workflowBundle;
  if (!workflowBundle) {
    throw new WorkflowError(
      "ERR_RUNTIME_NOT_CONFIGURED",
      "No workflow bundle: this server was not built with the vite-workflow plugin's embedding. Add `workflow()` from `vite-workflow/vite` (or `/rollup`, `/webpack`, `/esbuild`) to the build of the server, or pass `workflowBundle` to `startWorkflowRuntime()`.",
    );
  }
  const ownsWorld = options.world === undefined;
  const world = Promise.resolve(options.world ?? createWorld());
  world.catch((error: unknown) => console.error("[vite-workflow] Cannot open the workflow world:", error));
  const runtime = createRuntime({
    world: createDeferredWorld(world),
    workflowBundle: () => workflowBundle,
    url: options.url ?? resolvePublicUrl(process.env),
  });
  const started: StartedRuntime = { runtime, world, ownsWorld };
  const host = globalThis as Host;
  const previous = host[STATE_SLOT];
  host[STATE_SLOT] = started;
  setRuntimeInstaller(undefined);
  setRuntime(runtime);
  if (previous) void previous.runtime.close();
  return started;
}
