import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Nitro's dev server port: Nitro's Vite plugin serves the whole app there instead of Vite's 5173. */
const NITRO_PORT = "3000";
/** Vite's own default port. */
const VITE_PORT = "5173";

/**
 * The port `vite dev` listens on by default for the project around `cwd`: 3000 when its nearest
 * package.json depends on Nitro (whose Vite plugin serves the app), else Vite's 5173. `--port` overrides it.
 * @example resolveDevServerPort("/app") // "3000" when /app/package.json lists "nitro"
 */
export function resolveDevServerPort(cwd: string): string {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const manifest = readManifest(join(dir, "package.json"));
    if (manifest) {
      const { dependencies = {}, devDependencies = {} } = manifest;
      return Object.hasOwn(dependencies, "nitro") || Object.hasOwn(devDependencies, "nitro") ? NITRO_PORT : VITE_PORT;
    }
    if (dirname(dir) === dir) return VITE_PORT;
  }
}

function readManifest(file: string): { dependencies?: Record<string, string>; devDependencies?: Record<string, string> } | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    return typeof parsed === "object" && parsed !== null ? parsed : undefined;
  } catch {
    // No package.json here (or an unreadable one): keep looking further up.
    return undefined;
  }
}
