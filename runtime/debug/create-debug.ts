/** A namespaced logger: silent unless its namespace is enabled through the `DEBUG` environment variable. */
export interface DebugLogger {
  (message: string, ...details: unknown[]): void;
  readonly namespace: string;
  /** True when `DEBUG` enables this namespace (read when the logger is created). */
  readonly enabled: boolean;
}

/** Where enabled loggers write; tests replace it. Default: `console.error`. */
export const debugOutput: { write(line: string, details: unknown[]): void } = {
  write: (line, details) => console.error(line, ...details),
};

/**
 * Creates a logger for `namespace` (`vite-workflow:<area>`), silent by default. `DEBUG` holds comma- or
 * space-separated patterns where `*` matches anything and a leading `-` excludes, as in the `debug` package.
 * @example const debug = createDebug("vite-workflow:engine"); debug("recovery failed, retrying in %d ms", 250);
 */
export function createDebug(namespace: string, env: string | undefined = readDebugEnv()): DebugLogger {
  const enabled = isEnabled(namespace, env ?? "");
  const logger = (message: string, ...details: unknown[]) => {
    if (enabled) debugOutput.write(`${new Date().toISOString()} ${namespace} ${message}`, details);
  };
  return Object.assign(logger, { namespace, enabled });
}

function readDebugEnv(): string | undefined {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.DEBUG;
}

/** True when the patterns in `env` enable `namespace` (exclusions win). */
function isEnabled(namespace: string, env: string): boolean {
  let enabled = false;
  for (const pattern of env.split(/[\s,]+/).filter(Boolean)) {
    const excluded = pattern.startsWith("-");
    const source = (excluded ? pattern.slice(1) : pattern).replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
    if (!new RegExp(`^${source}$`).test(namespace)) continue;
    if (excluded) return false;
    enabled = true;
  }
  return enabled;
}
