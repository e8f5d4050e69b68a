import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { searchForWorkspaceRoot, type UserConfig } from "vite";

/**
 * The directory holding every module of this package that Vite may be asked to load (the package root
 * from source, `dist/` once built), by its real path: Vite checks a file's real path against
 * `server.fs.allow`, and in a linked install (`file:`, `npm link`, pnpm) that path is outside the app.
 */
const PACKAGE_CODE_ROOT = realpathSync(fileURLToPath(new URL("../../", import.meta.url)));

/**
 * The `server.fs.allow` entries the plugin contributes, so Nitro's worker can load the package's recording
 * runtime. Vite concatenates a plugin's list with the app's, and uses its default (the workspace root) only
 * when nobody sets the option; so without an app setting the default is added back, never narrowed.
 * @example resolveFsAllow({}, "/app") // ["/app", "/…/vite-workflow"]
 */
export function resolveFsAllow(userConfig: UserConfig, root: string): string[] {
  if (userConfig.server?.fs?.allow) return [PACKAGE_CODE_ROOT];
  return [searchForWorkspaceRoot(root), PACKAGE_CODE_ROOT];
}
