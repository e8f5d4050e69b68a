import { fileURLToPath } from "node:url";

/** The part of a Nitro instance the module touches (typed here so the plugin does not depend on Nitro). */
interface NitroLike {
  options: { dev: boolean; plugins: string[] };
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

/**
 * The Nitro module the `workflow:dev-server` plugin carries: in `vite dev`, it adds a runtime plugin that
 * installs a recording runtime in Nitro's worker thread, so server routes can call `start()`.
 */
export function createNitroDevModule(): NitroDevModule {
  return {
    name: "vite-workflow:dev",
    setup(nitro) {
      if (nitro.options.dev) nitro.options.plugins.push(RECORDING_RUNTIME_PLUGIN);
    },
  };
}
