import { sep } from "node:path";
import type { UserConfig } from "vite";
import type { ResolvedDevWorld } from "./resolve-dev-world.ts";

/** A path matcher as Vite's watcher (chokidar) takes it in `server.watch.ignored`. */
type IgnoredPath = (path: string) => boolean;

/**
 * The `server.watch` the plugin contributes: the embedded world's data dir is ignored by Vite's watcher, which
 * would otherwise see a file event for every event appended to a run log. Vite concatenates a plugin's
 * `ignored` with the app's, so the app's patterns all stay. A function rather than a glob, so a data dir
 * whose path has glob characters is matched as it is. Nothing is contributed when the app turned the watcher
 * off (`watch: null`): an object here would turn it back on.
 * @example resolveWatchIgnored({}, { target: "embedded", dataDir: "/app/.workflow-data" })?.ignored[0]("/app/.workflow-data/runs") // true
 */
export function resolveWatchIgnored(userConfig: UserConfig, world: ResolvedDevWorld): { ignored: IgnoredPath[] } | undefined {
  if (world.target !== "embedded" || userConfig.server?.watch === null) return undefined;
  const dataDir = world.dataDir.replace(/[\\/]+$/, "");
  const inDataDir: IgnoredPath = (path) => path === dataDir || path.startsWith(dataDir + sep) || path.startsWith(`${dataDir}/`);
  return { ignored: [inDataDir] };
}
