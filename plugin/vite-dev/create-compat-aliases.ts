import type { Alias } from "vite";

/**
 * Aliases that let code written for the Workflow DevKit (`import { sleep } from "workflow"`) use this
 * package. They point at the package name, so Vite resolves them like any dependency (through
 * `node_modules`, or the package's own `exports` when it imports itself).
 * @example createCompatAliases() // [{ find: /^workflow$/, replacement: "vite-workflow" }, ...]
 */
export function createCompatAliases(): Alias[] {
  return [
    { find: /^workflow$/, replacement: "vite-workflow" },
    { find: /^workflow\/api$/, replacement: "vite-workflow/api" },
  ];
}
