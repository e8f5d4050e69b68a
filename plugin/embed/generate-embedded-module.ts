import type { WorkflowBundle } from "../bundle/build-workflow-bundle.ts";

/** What the module a server build embeds is made of. */
export interface EmbeddedModuleInput {
  /** Absolute paths of every workflow and step module. */
  modules: string[];
  bundle: Pick<WorkflowBundle, "code" | "map">;
}

/**
 * Source of the module embedded in a server built without Nitro. It imports every workflow and step module
 * as a namespace and passes the namespaces on, so no bundler drops a step file that only a workflow reaches
 * (their top level registers the steps); it carries the workflow bundle as a string; and it registers both
 * with `vite-workflow/node`, which starts the runtime on first use.
 */
export function generateEmbeddedModule(input: EmbeddedModuleInput): string {
  const imports = input.modules.map((file, index) => `import * as workflowModule${index} from ${JSON.stringify(file)};`);
  const namespaces = input.modules.map((_, index) => `workflowModule${index}`).join(", ");
  return [
    `import { registerEmbeddedWorkflows } from "vite-workflow/node";`,
    ...imports,
    `const workflowBundle = { code: ${JSON.stringify(input.bundle.code)}, map: ${JSON.stringify(input.bundle.map ?? null)} };`,
    `registerEmbeddedWorkflows({ workflowBundle, stepModules: [${namespaces}] });`,
    "",
  ].join("\n");
}

/**
 * Source of a stand-in for an entry of this package (`vite-workflow/api`, `/node`): it loads the embedded
 * module first, then re-exports the real entry, so any server code that can start a run brings the
 * embedding along.
 */
export function generateEntryWrapper(embeddedModuleId: string, entry: string): string {
  return `import ${JSON.stringify(embeddedModuleId)};\nexport * from ${JSON.stringify(entry)};\n`;
}
