import { isAbsolute, resolve } from "node:path";
import { WorkflowError } from "../../runtime/errors/workflow-error.ts";
import { resolvePostgresTarget } from "../../runtime/world/postgres/resolve-postgres-target.ts";
import type { World } from "../../runtime/world/world.ts";

/** Environment variable naming the embedded world's data directory; the plugin sets it for every thread it spawns. */
export const DATA_DIR_ENV = "WORKFLOW_EMBEDDED_DATA_DIR";

/**
 * A built-in world for the dev server, chosen by name. `"embedded"`: the filesystem world in `dataDir`.
 * `"postgres"`: the PostgreSQL world (see README, "Deploying on several instances"); no data dir is used.
 */
export type DevWorldOptions =
  | {
      target: "embedded";
      /** Data directory, relative to the Vite root. @default the plugin's `dataDir` option, else its default */
      dataDir?: string;
    }
  | {
      target: "postgres";
      /** Connection URL. @default process.env.WORKFLOW_POSTGRES_URL, else "postgres://localhost:5432/test" */
      url?: string;
      /** Schema of the world's tables. @default process.env.WORKFLOW_POSTGRES_SCHEMA, else "workflow" */
      schema?: string;
      /** Connections of the dev server's pool. @default process.env.WORKFLOW_POSTGRES_POOL_SIZE, else 10 */
      pool?: number;
    };

/** What the `world` option of the plugin accepts: a World, a factory for one, or a built-in world by name. */
export type DevWorldOption = World | (() => World | Promise<World>) | DevWorldOptions;

/** The dev server's store once options and environment are applied. */
export type ResolvedDevWorld =
  | { target: "embedded"; dataDir: string }
  | { target: "postgres"; url: string; schema: string; pool?: number }
  | { target: "custom"; world: World | (() => World | Promise<World>) };

const EMBEDDED_TARGETS = new Set(["embedded", "fs", "local"]);

/**
 * Picks the dev server's world: the `world` option, else `WORKFLOW_TARGET_WORLD`, else the embedded world in
 * `dataDir` (option, else `WORKFLOW_EMBEDDED_DATA_DIR`, else `<root>/.workflow-data`). Throws
 * `ERR_WORLD_UNKNOWN_TARGET` for a target that is neither `embedded` nor `postgres`.
 * @example resolveDevWorld({ target: "postgres" }, undefined, "/app", {}) // { target: "postgres", url: "postgres://localhost:5432/test", schema: "workflow" }
 */
export function resolveDevWorld(
  option: DevWorldOption | undefined,
  dataDir: string | undefined,
  root: string,
  env: Record<string, string | undefined>,
): ResolvedDevWorld {
  if (option !== undefined && !isWorldOptions(option)) return { target: "custom", world: option };
  const target = (option?.target ?? env.WORKFLOW_TARGET_WORLD ?? "embedded").trim() || "embedded";
  if (EMBEDDED_TARGETS.has(target)) {
    const dir = (option?.target === "embedded" ? option.dataDir : undefined) ?? dataDir ?? (env[DATA_DIR_ENV] || ".workflow-data");
    return { target: "embedded", dataDir: isAbsolute(dir) ? dir : resolve(root, dir) };
  }
  if (target === "postgres") {
    const fromOption = option?.target === "postgres" ? option : undefined;
    return { target: "postgres", ...resolvePostgresTarget({ url: fromOption?.url, schema: fromOption?.schema, pool: fromOption?.pool }, env) };
  }
  throw new WorkflowError(
    "ERR_WORLD_UNKNOWN_TARGET",
    `Unknown world target "${target}" (from ${option === undefined ? "WORKFLOW_TARGET_WORLD" : "the workflow() plugin's world option"}). Use "embedded" (the default) or "postgres".`,
  );
}

/**
 * The environment the plugin publishes for the threads other plugins start (Nitro's server worker), so a
 * `createWorld()` there opens the dev server's store. A custom world publishes nothing.
 */
export function toWorldEnv(world: ResolvedDevWorld): Record<string, string> {
  if (world.target === "embedded") return { WORKFLOW_TARGET_WORLD: "embedded", [DATA_DIR_ENV]: world.dataDir };
  if (world.target === "postgres") {
    return {
      WORKFLOW_TARGET_WORLD: "postgres",
      WORKFLOW_POSTGRES_URL: world.url,
      WORKFLOW_POSTGRES_SCHEMA: world.schema,
      ...(world.pool !== undefined ? { WORKFLOW_POSTGRES_POOL_SIZE: String(world.pool) } : {}),
    };
  }
  return {};
}

function isWorldOptions(option: DevWorldOption): option is DevWorldOptions {
  return typeof option === "object" && option !== null && typeof (option as { target?: unknown }).target === "string" && !("appendEvents" in option);
}
