import { resolve } from "node:path";
import { isRunnableDevEnvironment, type Plugin, type ResolvedConfig, type ViteDevServer } from "vite";
import { createDevtoolsMiddleware, DEVTOOLS_BASE, type DevtoolsMiddleware } from "../../runtime/devtools-api/create-devtools-middleware.ts";
import { createDevtoolsPort } from "../../runtime/engine/devtools-port.ts";
import { createCompatAliases } from "./create-compat-aliases.ts";
import { createLauncherMiddleware } from "./create-launcher-middleware.ts";
import { createNitroDevModule, type NitroDevModule } from "./create-nitro-dev-module.ts";
import { createWellKnownMiddleware } from "./create-well-known-middleware.ts";
import { createDevtoolsDock, hasViteDevtools, type DevtoolsPluginHook } from "./devtools-dock.ts";
import { devQueueChannelName, listenForQueuedMessages, type QueuedMessageListener } from "./dev-queue-channel.ts";
import { serveDevRuntimeStatus, type DevRuntimeStatusServer } from "./dev-runtime-status.ts";
import { devStartChannelName, serveDevStarts } from "./dev-start-channel.ts";
import { resolveDevOptions, type ResolvedDevOptions, type WorkflowDevOptions } from "./resolve-dev-options.ts";
import { resolveFsAllow } from "./resolve-fs-allow.ts";
import { resolveWatchIgnored } from "./resolve-watch-ignored.ts";
import { toWorldEnv } from "./resolve-dev-world.ts";
import { startDevRuntime, type DevRuntime } from "./start-dev-runtime.ts";
import { createWorkflowEnvironmentOptions, WORKFLOW_ENVIRONMENT } from "./workflow-environment.ts";

export type { WorkflowDevOptions };

/**
 * What the plugin offers other plugins through `plugin.api` (Vite's convention), e.g. the devtools panel
 * finding the world and runtime: `config.plugins.find((p) => p.name === "workflow:dev-server").api`.
 */
export interface WorkflowDevServerApi {
  /** The dev server's runtime once the server listens; `undefined` before (and outside `vite dev`). */
  devRuntime(): Promise<DevRuntime | undefined>;
}

/**
 * The `workflow:dev-server` sub-plugin: runs workflows inside `vite dev`.
 *
 * - Aliases `workflow` / `workflow/api` to this package (option `compat`), in every environment.
 * - Publishes the world in the environment (`WORKFLOW_TARGET_WORLD`, and `WORKFLOW_EMBEDDED_DATA_DIR` or
 *   `WORKFLOW_POSTGRES_URL`/`_SCHEMA`) before other plugins start worker threads (Nitro's worker runner runs
 *   its server routes in one), so `start()` there records runs in the same store.
 * - With Nitro's Vite plugin (`nitro` module): runs Nitro's server routes in this thread unless the app
 *   chose a dev runner, installs a recording runtime where they run in a worker thread, and adds this
 *   package to `server.fs.allow` (keeping Vite's default) so Vite loads it from a linked install.
 * - Adds the `workflow` environment, whose module runner loads workflow and step files in this thread.
 * - Once the server listens: creates the world and the runtime, makes it the process runtime, and serves
 *   `/.well-known/workflow/*` through a named middleware mounted before any app middleware.
 * - Option `devtools` (default on): serves the devtools panel and its API at `/__workflow/` (also mounted
 *   before the app) and injects a launcher button into every HTML page the server sends (a middleware, so SSR
 *   frameworks' pages get it too). With Vite DevTools (`devtools: true` and `@vitejs/devtools` installed), the
 *   panel is a dock there instead of the launcher. Never in a build.
 * - On an edit of a workflow or step file (or anything they import): re-imports it and rebuilds the
 *   workflow bundle, so the next step or run uses the new code without a restart or a page reload.
 * @example defineConfig({ plugins: [workflow()] }) // workflow() includes this sub-plugin
 */
export function workflowDevServer(
  options: WorkflowDevOptions = {},
): Plugin<WorkflowDevServerApi> & { nitro: NitroDevModule; devtools: DevtoolsPluginHook } {
  let resolved: ResolvedDevOptions;
  let config: ResolvedConfig;
  /** Set once the server listens (the runtime starts then); hooks before that have nothing to act on. */
  let devRuntime: Promise<DevRuntime> | undefined;
  let devtools: DevtoolsMiddleware | undefined;
  let status: DevRuntimeStatusServer | undefined;
  let queued: QueuedMessageListener | undefined;
  let starts: { close(): void } | undefined;

  return {
    name: "workflow:dev-server",
    api: {
      devRuntime: () => devRuntime ?? Promise.resolve(undefined),
    },
    // Picked up by Nitro's Vite plugin: chooses its dev runner, and gives a worker thread a runtime that records runs.
    nitro: createNitroDevModule(),
    // Picked up by Vite DevTools when the app enables it: the panel becomes one of its docks.
    devtools: createDevtoolsDock(() => resolved.devtools),
    // `pre`, so the world is published before Nitro's `config` hook spawns its worker thread.
    enforce: "pre",

    config(userConfig, env) {
      const root = resolve(userConfig.root ?? process.cwd());
      resolved = resolveDevOptions(options, root, process.env);
      if (env.command === "serve") Object.assign(process.env, toWorldEnv(resolved.world));
      if (env.command !== "serve") return { resolve: resolved.compat ? { alias: createCompatAliases() } : undefined };
      return {
        resolve: resolved.compat ? { alias: createCompatAliases() } : undefined,
        // Nitro's worker loads this package's recording runtime through Vite, which refuses files outside
        // `server.fs.allow`: a linked install's real path is outside the app's workspace root.
        server: { fs: { allow: resolveFsAllow(userConfig, root) }, watch: resolveWatchIgnored(userConfig, resolved.world) },
        environments: { [WORKFLOW_ENVIRONMENT]: createWorkflowEnvironmentOptions() },
      };
    },

    configResolved(resolvedConfig) {
      config = resolvedConfig;
    },

    configureServer: {
      order: "pre",
      handler(server) {
        const ready = whenListening(server).then(() => {
          devRuntime = ready;
          const environment = server.environments[WORKFLOW_ENVIRONMENT];
          if (!environment || !isRunnableDevEnvironment(environment)) {
            throw new Error(`vite-workflow: the "${WORKFLOW_ENVIRONMENT}" environment is missing or cannot run modules.`);
          }
          return startDevRuntime({
            options: resolved,
            runner: environment.runner,
            alias: config.resolve.alias,
            url: server.resolvedUrls?.local[0]?.replace(/\/$/, ""),
            logger: config.logger,
          });
        });
        ready.catch((error: unknown) => config.logger.error(`vite-workflow: ${(error as Error).stack ?? error}`));
        // Nitro's worker thread hands its starts to this runtime (see serveDevStarts), and work it records itself
        // is executed as soon as it announces it (see announceQueuedMessages).
        void ready.then(({ runtime, world }) => {
          starts?.close();
          starts = serveDevStarts(devStartChannelName(process.env), runtime);
          queued?.close();
          queued = listenForQueuedMessages(devQueueChannelName(process.env), {
            handleMessage: (message) => runtime.handleMessage(message),
            ack: (id) => world.queue.ack(id),
          });
        }, () => undefined);
        // Nitro's worker thread asks before each start() whether runs can start (see installRecordingRuntime).
        status?.close();
        status = serveDevRuntimeStatus(() => ready.then((runtime) => runtime.assertCanStart()), { acceptsStarts: true });
        server.middlewares.use(createWellKnownMiddleware(ready.then((runtime) => runtime.handle)));
        if (resolved.devtools) {
          devtools = createDevtoolsMiddleware({
            world: ready.then((runtime) => runtime.world),
            runtime: ready.then(({ runtime, workflowIds }) => createDevtoolsPort(runtime, { listWorkflows: workflowIds })),
          });
          server.middlewares.use(devtools);
          server.httpServer?.once("close", devtools.close);
          // The launcher button in every HTML page the server sends, SSR frameworks' pages included (they never
          // run `transformIndexHtml`). Serving only: a build's HTML never references the panel. The panel is
          // mounted at the server's root whatever Vite's `base`, so the script URL is absolute.
          // With Vite DevTools the panel is its dock instead.
          if (!hasViteDevtools(config)) {
            server.middlewares.use(createLauncherMiddleware({ script: LAUNCHER_SCRIPT, marker: LAUNCHER_URL, skip: isToolPage }));
          }
        }
      },
    },

    hotUpdate: {
      order: "pre",
      async handler({ file, modules, type, read }) {
        if (!devRuntime) return;
        const runtime = await devRuntime.catch(() => undefined);
        if (!runtime) return;
        const environment = this.environment;
        if (environment.name === WORKFLOW_ENVIRONMENT) {
          // An editor (or `fs.writeFile`) truncates before it writes: `read()` waits until the new content
          // is there, so the re-import never sees an empty module.
          if (type === "update") await read();
          await runtime.fileChanged(file, type);
          return [];
        }
        // A server environment of the app (Nitro's, SSR) that imports a workflow file: reload just that
        // module in its runner, as Vite does for server code, instead of letting a plugin reload the page.
        if (environment.config.consumer !== "server" || modules.length === 0 || !runtime.isWorkflowModule(file)) return;
        if (type === "update") await read();
        const invalidated = new Set<(typeof modules)[number]>();
        for (const mod of modules) environment.moduleGraph.invalidateModule(mod, invalidated, Date.now(), false);
        environment.hot.send({ type: "full-reload", triggeredBy: file });
        return [];
      },
    },

    // The dev server's close (or restart) ends every environment's build; the first one to end stops the
    // runtime. Not every environment's container reports it, so no particular one is waited for.
    async buildEnd() {
      if (!devRuntime) return;
      const runtime = await devRuntime.catch(() => undefined);
      devRuntime = undefined;
      status?.close();
      status = undefined;
      queued?.close();
      queued = undefined;
      starts?.close();
      starts = undefined;
      devtools?.close();
      devtools = undefined;
      await runtime?.close();
    },
  };
}

const LAUNCHER_URL = `${DEVTOOLS_BASE}/launcher.js`;
const LAUNCHER_SCRIPT = `<script type="module" src="${LAUNCHER_URL}"></script>`;

/** Pages of the panel itself and of Vite's own tools, which get no launcher button. */
function isToolPage(url: string): boolean {
  return url.startsWith(`${DEVTOOLS_BASE}/`) || url === DEVTOOLS_BASE || url.startsWith("/__devtools") || url.startsWith("/@");
}

/**
 * Resolves once the server listens and `server.resolvedUrls` is known; at once in middleware mode.
 * `server.listen()` assigns `resolvedUrls` only after the socket is bound, so the runtime waits for it
 * rather than guessing a port.
 */
function whenListening(server: ViteDevServer): Promise<void> {
  if (!server.httpServer) return new Promise((done) => setImmediate(done));
  return new Promise((done) => {
    const listen = server.listen;
    server.listen = async function listenThenStartWorkflows(...args) {
      const result = await listen.apply(server, args);
      server.listen = listen;
      done();
      return result;
    };
  });
}
