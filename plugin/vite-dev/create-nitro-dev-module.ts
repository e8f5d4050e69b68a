import { fileURLToPath } from "node:url";

/** The part of a Nitro instance the module touches (typed here so the plugin does not depend on Nitro). */
interface NitroLike {
  options: {
    dev: boolean;
    plugins: string[];
    devHandlers: { push(handler: { route: string; handler: () => Response }): unknown };
    devServer?: { runner?: string };
  };
}

/** A Nitro module, as Nitro's Vite plugin collects it from the `nitro` property of Vite plugins. */
export interface NitroDevModule {
  name: string;
  setup(nitro: NitroLike): void;
}

/** This package's Nitro runtime plugin, as `.ts` when running from source and `.js` once built. */
const RECORDING_RUNTIME_PLUGIN = fileURLToPath(
  new URL(`./nitro-recording-runtime${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url),
);

/** Nitro's dev handlers' answer for the requests that go on to the app's routes (see `createNitroDevModule`). */
function notADevRoute(): Response {
  return new Response(null, { status: 404 });
}

/**
 * Nitro's dev runner unless the app chose one (`devServer.runner` or `NITRO_DEV_RUNNER`): `self`, which runs
 * the server routes in Vite's thread, beside the runtime that executes runs. Their `start()` then reaches
 * that runtime directly, and a request costs no proxying to a worker: with Nitro's default worker, every
 * request (each poll of a run's status too) is copied through a local socket by Vite's thread, the thread
 * the runs execute on.
 */
function chooseDevRunner(devServer: { runner?: string }, env: Record<string, string | undefined>): void {
  if (devServer.runner || env.NITRO_DEV_RUNNER) return;
  devServer.runner = "self";
}

/**
 * The Nitro module the `workflow:dev-server` plugin carries. In `vite dev` it runs the server routes in
 * Vite's thread unless the app chose another runner (see `chooseDevRunner`), and adds a runtime plugin that
 * installs a recording runtime where they run in a thread of their own, so server routes can call `start()`.
 *
 * It also answers 404 itself for the requests none of Nitro's dev handlers serve. Nitro's dev server asks
 * its dev handlers first for every request and passes a 404 on to the app's routes; left unmatched, its
 * router throws that 404, and the error handler then loads stack-trace tooling and reads source maps to
 * render an error page nobody sees: about a third of the CPU of polling a run's status in `vite dev`.
 */
export function createNitroDevModule(): NitroDevModule {
  return {
    name: "vite-workflow:dev",
    setup(nitro) {
      if (!nitro.options.dev) return;
      chooseDevRunner((nitro.options.devServer ??= {}), process.env);
      nitro.options.plugins.push(RECORDING_RUNTIME_PLUGIN);
      nitro.options.devHandlers.push({ route: "/**", handler: notADevRoute });
    },
  };
}
