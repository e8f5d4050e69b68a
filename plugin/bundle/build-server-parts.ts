import { fileURLToPath } from "node:url";
import { toBuildError } from "../nitro/to-build-error.ts";
import { scanWorkflowFiles } from "../vite-dev/scan-workflow-files.ts";
import { buildWorkflowBundle, type WorkflowBundle } from "./build-workflow-bundle.ts";

const EXT = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
/** The pure `workflow` module the sandbox bundle inlines. */
const PUBLIC_MODULE = fileURLToPath(new URL(`../../runtime/public/index${EXT}`, import.meta.url));

/** What a production server needs: the modules it loads in step mode, and the workflow bundle. */
export interface ServerParts {
  /** The workflow files found in `dirs`, plus every step file a workflow reaches outside them. */
  modules: string[];
  bundle: WorkflowBundle;
}

/**
 * Scans the workflow dirs and builds the sandbox bundle from what it finds, for the Nitro module and the
 * embedding in other server builds alike. Step files that only a workflow imports are added to the modules:
 * in step mode a workflow module no longer imports them, so nothing else would load them.
 */
export async function buildServerParts(options: { root: string; dirs: string[] }): Promise<ServerParts> {
  const modules = await scanWorkflowFiles(options.dirs);
  try {
    const bundle = await buildWorkflowBundle({
      root: options.root,
      entries: modules,
      alias: { workflow: PUBLIC_MODULE, "vite-workflow": PUBLIC_MODULE },
    });
    return { modules: [...new Set([...modules, ...bundle.stepModules])], bundle };
  } catch (error) {
    throw toBuildError(error);
  }
}
