import type { UnpluginBuildContext, UnpluginContext, UnpluginOptions } from "unplugin";
import { reportInBundler } from "./report-in-bundler.ts";

type TransformHandler = (this: UnpluginBuildContext & UnpluginContext, code: string, id: string) => unknown;

/**
 * The plugin with its transform's errors reported in the bundler's own shape (see `reportInBundler`), so
 * esbuild points at the file, line and column of the directive instead of the importer's `import` line,
 * and webpack prints the line and column at all.
 * @example withNativeDiagnostics(transformPlugin, meta.framework)
 */
export function withNativeDiagnostics(plugin: UnpluginOptions, framework: string): UnpluginOptions {
  const hook = plugin.transform;
  if (!hook || (framework !== "esbuild" && framework !== "webpack")) return plugin;
  const original = (typeof hook === "function" ? hook : hook.handler) as TransformHandler;
  const handler = async function (this: UnpluginBuildContext & UnpluginContext, code: string, id: string) {
    try {
      return await original.call(this, code, id);
    } catch (error) {
      reportInBundler(framework, this, error);
      return undefined;
    }
  };
  return { ...plugin, transform: typeof hook === "function" ? (handler as never) : ({ ...hook, handler } as never) };
}
