import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Rolldown } from "vite";
import { TRANSFORM_ERROR_CODES, TransformError } from "../transform/diagnostics.ts";
import { isNodeBuiltin, nodeModuleInWorkflowMessage } from "../transform/node-builtins.ts";
import { transform } from "../transform/transform.ts";
import { loadRolldown } from "./load-rolldown.ts";

/** Options of `buildWorkflowBundle`. */
export interface BuildWorkflowBundleOptions {
  /** Project root: ids are relative to it and relative `entries` resolve against it. */
  root: string;
  /** Modules that define workflows (absolute or root-relative paths). */
  entries: string[];
  /**
   * Extra bare-specifier aliases (specifier → file). Default: `workflow` and `vite-workflow` resolve to
   * this package's runtime/public/index.ts.
   */
  alias?: Record<string, string>;
}

/** One evaluable script holding every workflow of a project. */
export interface WorkflowBundle {
  /** An IIFE with no imports left; evaluating it registers each workflow. */
  code: string;
  map: string | null;
  workflowIds: string[];
  /**
   * Absolute paths of the modules that define step functions the workflows reach. A server bundle must
   * import each one: in step mode a workflow no longer imports its steps, so nothing else keeps them.
   */
  stepModules: string[];
}

const ENTRY_ID = "\0workflow-bundle-entry";
const PUBLIC_RUNTIME = fileURLToPath(new URL("../../runtime/public/index.ts", import.meta.url));

/**
 * Bundles workflow modules, transformed in workflow mode, into one IIFE script for the sandbox.
 * Node.js built-ins that survive tree-shaking fail the build with the node-js-module-in-workflow error.
 * @example const { code, workflowIds } = await buildWorkflowBundle({ root, entries: ["workflows/signup.ts"] });
 */
export async function buildWorkflowBundle(options: BuildWorkflowBundleOptions): Promise<WorkflowBundle> {
  const { root } = options;
  const aliases: Record<string, string> = { workflow: PUBLIC_RUNTIME, "vite-workflow": PUBLIC_RUNTIME, ...options.alias };
  const entries = options.entries.map((entry) => (isAbsolute(entry) ? entry : resolve(root, entry)));
  const workflowIds = new Set<string>();
  const stepModules = new Set<string>();
  const builtinImporters = new Map<string, string>();

  const plugin: Rolldown.Plugin = {
    name: "workflow:bundle",
    resolveId(source, importer) {
      if (source === ENTRY_ID) return ENTRY_ID;
      if (Object.hasOwn(aliases, source)) return aliases[source];
      if (isNodeBuiltin(source)) {
        if (importer && !builtinImporters.has(source)) builtinImporters.set(source, importer);
        return { id: source, external: true, moduleSideEffects: false };
      }
      return null;
    },
    load(id) {
      if (id !== ENTRY_ID) return null;
      return entries.map((entry) => `import ${JSON.stringify(entry)};`).join("\n");
    },
    transform(code, id) {
      if (id.startsWith("\0")) return null;
      const result = transform(code, { id, mode: "workflow", root });
      if (!result) return null;
      for (const workflowId of result.workflowIds) workflowIds.add(workflowId);
      if (result.stepIds.length > 0) stepModules.add(id);
      return { code: result.code, map: result.map.toString() };
    },
  };

  const { rolldown } = await loadRolldown();
  const bundle = await rolldown({
    input: ENTRY_ID,
    cwd: root,
    platform: "neutral",
    plugins: [plugin],
    resolve: { conditionNames: ["workflow", "import", "module", "default"], mainFields: ["module", "main"] },
    treeshake: { moduleSideEffects: (_id: string, external: boolean) => !external },
    logLevel: "silent",
  }).catch(unwrapPluginError);
  try {
    const { output } = await bundle
      // Absolute source paths: the bundle has no file on disk, so paths relative to its would-be location
      // (`<root>/dist/`) would reach stack traces as `../workflows/x.ts`, which no editor link can open.
      .generate({ format: "iife", sourcemap: true, sourcemapPathTransform: (source, mapPath) => resolve(dirname(mapPath), source) })
      .catch(unwrapPluginError);
    const chunk = output[0];
    const builtin = chunk.imports.find((id) => isNodeBuiltin(id));
    if (builtin) throw nodeModuleError(builtin, builtinImporters.get(builtin));
    return {
      code: chunk.code,
      map: chunk.map?.toString() ?? null,
      workflowIds: [...workflowIds].toSorted(),
      // Only modules still in the bundle: a step of a module tree-shaken away is never called.
      stepModules: [...stepModules].filter((id) => chunk.moduleIds.includes(id)).toSorted(),
    };
  } finally {
    await bundle.close();
  }
}

function nodeModuleError(specifier: string, importer: string | undefined): Error {
  const message = nodeModuleInWorkflowMessage(specifier);
  if (!importer) return Object.assign(new Error(message), { code: TRANSFORM_ERROR_CODES.NODE_JS_MODULE });
  const code = readFileSync(importer, "utf8");
  const offset = Math.max(0, code.search(new RegExp(`['"]${specifier.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}['"]`)));
  return new TransformError(TRANSFORM_ERROR_CODES.NODE_JS_MODULE, `${message} (imported by ${importer})`, { code, id: importer }, offset);
}

/** Rolldown wraps plugin errors in an aggregate and renames their code; hand the transform's error back. */
function unwrapPluginError(error: unknown): never {
  const inner = (error as { errors?: Array<{ pluginCode?: unknown; code?: unknown }> }).errors?.find(
    (candidate) => typeof candidate.pluginCode === "string" && candidate.pluginCode.startsWith("ERR_WORKFLOW_"),
  );
  if (inner) {
    inner.code = inner.pluginCode;
    throw inner;
  }
  throw error;
}
