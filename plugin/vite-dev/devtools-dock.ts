import type { ResolvedConfig } from "vite";
import { DEVTOOLS_BASE } from "../../runtime/devtools-api/create-devtools-middleware.ts";

/** Id of the panel's dock in Vite DevTools. */
export const WORKFLOW_DOCK_ID = "vite-workflow";

/** The part of Vite DevTools' setup context the plugin uses (typed here: `@vitejs/devtools` is optional). */
export interface DevtoolsSetupContext {
  docks: { register(entry: { id: string; title: string; icon: string; type: "iframe"; url: string }): unknown };
}

/** The `devtools` hook Vite DevTools calls on every Vite plugin that has one. */
export interface DevtoolsPluginHook {
  setup(context: DevtoolsSetupContext): void;
}

/**
 * The panel as a dock of Vite DevTools (`@vitejs/devtools`, enabled with `devtools: true` in the Vite config):
 * an iframe of `/__workflow/`, the same page and live API as without it. `enabled` is read at setup time, once
 * the plugin's options are resolved.
 * @example { name: "workflow:dev-server", devtools: createDevtoolsDock(() => resolved.devtools) }
 */
export function createDevtoolsDock(enabled: () => boolean): DevtoolsPluginHook {
  return {
    setup(context) {
      if (!enabled()) return;
      context.docks.register({ id: WORKFLOW_DOCK_ID, title: "Workflows", icon: "ph:flow-arrow-duotone", type: "iframe", url: `${DEVTOOLS_BASE}/` });
    },
  };
}

/** True when Vite DevTools runs in this dev server: its dock then takes the launcher button's place. */
export function hasViteDevtools(config: ResolvedConfig): boolean {
  return config.plugins.some((plugin) => plugin.name === "vite:devtools");
}
