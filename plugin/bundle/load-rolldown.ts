import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type { Rolldown } from "vite";

/** The `rolldown` module's API, typed through Vite's re-export of its types. */
export type RolldownModule = typeof Rolldown;

let loaded: Promise<RolldownModule> | undefined;

/**
 * Loads the Rolldown that the project's Vite depends on, resolved from Vite's own location.
 * Vite 8 bundles with Rolldown but exports only its types, not `rolldown()`; importing it relative to
 * Vite means the package never installs a second copy of the bundler beside the app's.
 * @example const { rolldown } = await loadRolldown();
 */
export function loadRolldown(): Promise<RolldownModule> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const fromVite = createRequire(require.resolve("vite"));
    return (await import(pathToFileURL(fromVite.resolve("rolldown")).href)) as RolldownModule;
  })();
  return loaded;
}
