import { builtinModules } from "node:module";

const BUILTINS = new Set(builtinModules);

/** True for a Node.js built-in specifier, bare (`fs`, `fs/promises`) or prefixed (`node:crypto`, `node:test`). */
export function isNodeBuiltin(specifier: string): boolean {
  if (specifier.startsWith("node:")) return true;
  return BUILTINS.has(specifier);
}

/** The seed's node-js-module-in-workflow message for `specifier`. */
export function nodeModuleInWorkflowMessage(specifier: string): string {
  return `Cannot use Node.js module "${specifier}" in workflow functions. Move this module to a step function.`;
}
