import { isAbsolute, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { toNodeHandler } from "h3/node";
import type { Alias, Logger } from "vite";
import type { ModuleRunner } from "vite/module-runner";
import { createRuntime, createWorkflowApp, setRuntime, type Runtime } from "../../runtime/index.ts";
import { createWorld } from "../../runtime/world/create-world.ts";
import type { World } from "../../runtime/world/world.ts";
import { buildWorkflowBundle } from "../bundle/build-workflow-bundle.ts";
import { createBundleProvider } from "./create-bundle-provider.ts";
import { createStepLoader } from "./create-step-loader.ts";
import type { NodeRequestHandler } from "./create-well-known-middleware.ts";
import type { ResolvedDevOptions } from "./resolve-dev-options.ts";
import { rescanWorkflowFile, scanWorkflowFiles } from "./scan-workflow-files.ts";
import { toBuildFailedError } from "./to-build-failed-error.ts";

/** The workflow runtime of one dev server, with the hooks the plugin drives it by. */
export interface DevRuntime {
  /** The store runs live in (for other dev-server features such as the devtools API). */
  world: World;
  /** The runtime executing runs in this process. */
  runtime: Runtime;
  /** Ids of the workflows in the current bundle (`workflow//<path>//<name>`); `[]` while it fails to build. */
  workflowIds(): Promise<string[]>;
  /** Resolves once the current code builds; rejects with `ERR_WORKFLOW_BUILD_FAILED` (file and position) if not. */
  assertCanStart(): Promise<void>;
  /** Serves `/.well-known/workflow/*`. */
  handle: NodeRequestHandler;
  /** Reacts to a file event: re-imports what changed and rebuilds the workflow bundle when needed. */
  fileChanged(file: string, type: "create" | "update" | "delete"): Promise<void>;
  /** Whether `file` belongs to the loaded workflow/step module graph. */
  isWorkflowModule(file: string): boolean;
  /** Stops the runtime and releases the world. */
  close(): Promise<void>;
}

export interface StartDevRuntimeOptions {
  options: ResolvedDevOptions;
  /** Module runner of the `workflow` environment. */
  runner: ModuleRunner;
  /** Vite's resolved aliases, so the workflow bundle resolves imports like the app does. */
  alias: Alias[];
  /** Base URL of the dev server (webhook URLs are built from it). */
  url: string | undefined;
  logger: Logger;
}

const SOURCE_FILE_RE = /\.(?:[cm]?[jt]sx?)$/;

/** The pure `workflow` module the sandbox bundle inlines: `.ts` when running from source, `.js` once built. */
const PUBLIC_MODULE = fileURLToPath(
  new URL(`../../runtime/public/index${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url),
);

/**
 * Creates the world and the runtime of a dev server: loads every workflow and step file through the
 * `workflow` environment's runner (so steps register with Vite's transforms applied), builds the workflow
 * bundle from the same files, and installs the runtime as the process runtime for `workflow/api`.
 */
export async function startDevRuntime({ options, runner, alias, url, logger }: StartDevRuntimeOptions): Promise<DevRuntime> {
  const world = await openWorld(options);
  let files = await scanWorkflowFiles(options.dirs);
  const loader = createStepLoader(runner);
  const bundleAlias = toBundleAlias(alias);
  const bundle = createBundleProvider(() => buildWorkflowBundle({ root: options.root, entries: files, alias: bundleAlias }));
  const report = (error: unknown) => logger.error(`vite-workflow: ${(error as Error)?.stack ?? error}`, { timestamp: true });

  await loader.load(files).catch(report);
  bundle.get().catch(report);

  const runtime = createRuntime({ world, workflowBundle: () => bundle.get(), url });
  const assertCanStart = () => bundle.get().then(() => undefined, (error: unknown) => Promise.reject(toBuildFailedError(error, options.root)));
  // A run started while the code does not build would wait forever: refuse it with the build error instead.
  const startRun = runtime.start;
  runtime.start = async (...args) => {
    await assertCanStart();
    return startRun(...args);
  };
  setRuntime(runtime);
  const handle = toNodeHandler(createWorkflowApp(runtime));

  const inDirs = (file: string) =>
    SOURCE_FILE_RE.test(file) && options.dirs.some((dir) => file.startsWith(dir.endsWith(sep) ? dir : dir + sep));

  // Reloads are serialized so an import never runs against a half-invalidated graph.
  let reloading = Promise.resolve();
  const reload = (work: () => Promise<void>) => {
    reloading = reloading.then(work).catch(report);
    return reloading;
  };

  return {
    world,
    runtime,
    workflowIds: () => bundle.get().then((current) => current.workflowIds ?? [], () => []),
    assertCanStart,
    handle,
    fileChanged(file, type) {
      const rescan = type !== "update" && inDirs(file);
      const loaded = loader.invalidate(file);
      if (!rescan && !loaded && !inDirs(file)) return Promise.resolve();
      return reload(async () => {
        if (rescan) files = await scanWorkflowFiles(options.dirs);
        // An edit can give a file its first directive or take away its last one.
        else if (inDirs(file)) files = await rescanWorkflowFile(files, file);
        bundle.invalidate();
        await loader.load(files);
        await bundle.get();
        logger.info(`vite-workflow: reloaded workflows after ${type === "update" ? "an edit of" : type === "create" ? "adding" : "removing"} ${file}`, {
          timestamp: true,
        });
      });
    },
    isWorkflowModule(file) {
      return (runner.evaluatedModules.getModulesByFile(file)?.size ?? 0) > 0;
    },
    async close() {
      await reloading;
      await runtime.close?.();
      await world.close();
    },
  };
}

/**
 * Vite's aliases that name one specifier and point at a file, in the form the workflow bundler takes.
 * Pattern aliases are left to the bundler's own resolution. `workflow` and `vite-workflow` always name this
 * package's pure `workflow` module, found next to this file so it works from source and from `dist/`.
 */
function toBundleAlias(alias: Alias[]): Record<string, string> {
  const entries = alias.filter(
    (entry): entry is Alias & { find: string } => typeof entry.find === "string" && isAbsolute(entry.replacement),
  );
  return {
    ...Object.fromEntries(entries.map((entry) => [entry.find, entry.replacement])),
    workflow: PUBLIC_MODULE,
    "vite-workflow": PUBLIC_MODULE,
  };
}

async function openWorld({ world }: ResolvedDevOptions): Promise<World> {
  if (world.target === "embedded") return createWorld({ target: "embedded", dataDir: world.dataDir });
  if (world.target === "postgres") return createWorld({ target: "postgres", url: world.url, schema: world.schema, pool: world.pool });
  return typeof world.world === "function" ? world.world() : world.world;
}
