/**
 * Resolves once the workflow code has run as far as it can: promise jobs (the sandbox shares the host's
 * microtask queue) all run before the next macrotask. Feeding events one at a time with a drain in between
 * gives the hot path and replay the same interleaving of workflow code and events.
 */
export function drainWorkflow(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
