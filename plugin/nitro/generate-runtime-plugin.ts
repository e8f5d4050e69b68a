import type { WorkflowBundle } from "../bundle/build-workflow-bundle.ts";
import type { DeliveriesMode } from "./resolve-nitro-options.ts";

/** What the generated Nitro runtime plugin is made of. */
export interface RuntimePluginInput {
  /** Absolute path of `install-production-runtime` (source or built). */
  installer: string;
  /** Absolute paths of every workflow and step module. */
  modules: string[];
  bundle: Pick<WorkflowBundle, "code" | "map">;
  deliveries: DeliveriesMode;
}

/**
 * The source of the Nitro runtime plugin the module generates. It imports every workflow and step module
 * as a namespace and hands the namespaces to the installer, so the bundler keeps each module and with it
 * the step registrations its top level runs; and it embeds the workflow bundle as a string.
 */
export function generateRuntimePlugin(input: RuntimePluginInput): string {
  const imports = input.modules.map((file, index) => `import * as workflowModule${index} from ${JSON.stringify(file)};`);
  const namespaces = input.modules.map((_, index) => `workflowModule${index}`).join(", ");
  return [
    `import { installProductionRuntime } from ${JSON.stringify(input.installer)};`,
    ...imports,
    `const workflowBundle = { code: ${JSON.stringify(input.bundle.code)}, map: ${JSON.stringify(input.bundle.map ?? null)} };`,
    `export default function workflowRuntimePlugin(nitroApp) {`,
    `  installProductionRuntime(nitroApp, { workflowBundle, stepModules: [${namespaces}], deliveries: ${JSON.stringify(input.deliveries)} });`,
    `}`,
    "",
  ].join("\n");
}
