import { createUnplugin, type UnpluginBuildContext, type UnpluginInstance } from "unplugin";
import { DIRECTIVE_CANDIDATE_RE } from "./transform/directive-names.ts";
import { transform, type TransformMode } from "./transform/transform.ts";

/** Options of the directive transform plugin, shared by every bundler adapter. */
export interface WorkflowTransformOptions {
  /**
   * Which output to produce. Default: in Vite, the client (browser) environment gets `"client"` and
   * server environments (SSR) get `"step"`; Rollup, webpack and esbuild get `"step"`.
   */
  mode?: TransformMode;
  /** Directory that ids are relative to. Default: Vite's `root`, otherwise `process.cwd()`. */
  root?: string;
}

/** Script modules the transform looks at: JS/TS flavours outside node_modules (except this package). */
export const TRANSFORM_ID_INCLUDE = /\.[cm]?[jt]sx?(?:$|\?)/;
export const TRANSFORM_ID_EXCLUDE = [/node_modules[\\/](?!vite-workflow[\\/])/, /^\0/];

interface EnvironmentContext {
  environment?: { config?: { consumer?: "client" | "server"; build?: { sourcemap?: unknown } } };
}

/**
 * False only when the bundler says it will not use the map (a Vite build without `build.sourcemap`,
 * webpack/rspack without `devtool`, esbuild without `sourcemap`): the map is the transform's priciest part.
 * Vite's dev server and Rollup always get one.
 */
function bundlerWantsSourceMap(context: UnpluginBuildContext & EnvironmentContext, command: "build" | "serve" | undefined): boolean {
  if (command !== undefined) return command === "serve" || !!context.environment?.config?.build?.sourcemap;
  const native = context.getNativeBuildContext?.();
  if (native?.framework === "webpack" || native?.framework === "rspack") return native.loaderContext?.sourceMap !== false;
  if (native?.framework === "esbuild") return !!native.build.initialOptions.sourcemap;
  return true;
}

/**
 * The unplugin factory behind every adapter: a `workflow:transform` plugin whose hook filters skip, without
 * parsing, every module that cannot contain a directive.
 * Each adapter entry point exports its bundler's flavour as `workflow` (`vite-workflow/rollup`, `/webpack`,
 * `/esbuild`); `vite-workflow/vite` also exports this instance.
 * @example import { workflowTransform } from "vite-workflow/vite"; rollup({ input, plugins: [workflowTransform.rollup({ mode: "step" })] })
 */
export const workflowTransform: UnpluginInstance<WorkflowTransformOptions | undefined, false> = createUnplugin(
  (rawOptions: WorkflowTransformOptions | undefined) => {
    const options = rawOptions ?? {};
    let root = options.root ?? process.cwd();
    let viteCommand: "build" | "serve" | undefined;
    return {
      name: "workflow:transform",
      enforce: "pre",
      transform: {
        filter: {
          id: { include: TRANSFORM_ID_INCLUDE, exclude: TRANSFORM_ID_EXCLUDE },
          code: { include: DIRECTIVE_CANDIDATE_RE },
        },
        handler(code, id) {
          const context = this as unknown as UnpluginBuildContext & EnvironmentContext;
          const consumer = context.environment?.config?.consumer;
          const mode = options.mode ?? (consumer === "client" ? "client" : "step");
          const result = transform(code, { id, mode, root });
          if (!result) return undefined;
          return { code: result.code, map: bundlerWantsSourceMap(context, viteCommand) ? result.map : null };
        },
      },
      vite: {
        configResolved(config) {
          viteCommand = config.command;
          if (!options.root) root = config.root;
        },
      },
    };
  },
);
