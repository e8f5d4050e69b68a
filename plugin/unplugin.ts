import { createUnplugin, type UnpluginInstance } from "unplugin";
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
  environment?: { config?: { consumer?: "client" | "server" } };
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
    return {
      name: "workflow:transform",
      enforce: "pre",
      transform: {
        filter: {
          id: { include: TRANSFORM_ID_INCLUDE, exclude: TRANSFORM_ID_EXCLUDE },
          code: { include: DIRECTIVE_CANDIDATE_RE },
        },
        handler(code, id) {
          const consumer = (this as unknown as EnvironmentContext).environment?.config?.consumer;
          const mode = options.mode ?? (consumer === "client" ? "client" : "step");
          const result = transform(code, { id, mode, root });
          if (!result) return undefined;
          return { code: result.code, map: result.map };
        },
      },
      vite: {
        configResolved(config) {
          if (!options.root) root = config.root;
        },
      },
    };
  },
);
