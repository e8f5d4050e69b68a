import { Logger } from "graphile-worker";
import { createDebug } from "../../debug/create-debug.ts";

/** The PostgreSQL world's debug logger (`DEBUG=vite-workflow:postgres`). */
export const debug = createDebug("vite-workflow:postgres");

/** graphile-worker's logger, writing through `debug`: silent unless `DEBUG` enables `vite-workflow:postgres`. */
export const GRAPHILE_LOGGER: Logger = new Logger((scope) => (level, message, meta) => {
  if (level === "debug") return;
  debug("graphile-worker %s: %s %O", level, message, { ...scope, ...meta });
});
