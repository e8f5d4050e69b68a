import { resolve } from "node:path";
import { WorkflowError } from "../errors/workflow-error.ts";
import { createFsWorld } from "./fs/create-fs-world.ts";
import { resolvePostgresTarget } from "./postgres/resolve-postgres-target.ts";
import type { World } from "./world.ts";

/** Options of `createWorld()`; each falls back to an environment variable, then to a default. */
export interface CreateWorldOptions {
  /** Data dir of the embedded world. Default: `$WORKFLOW_EMBEDDED_DATA_DIR`, else `<cwd>/.workflow-data`. */
  dataDir?: string;
  /** `"embedded"` (filesystem) or `"postgres"`. Default: `$WORKFLOW_TARGET_WORLD`, else `"embedded"`. */
  target?: string;
  /** PostgreSQL connection URL. Default: `$WORKFLOW_POSTGRES_URL`, else `postgres://localhost:5432/test`. */
  url?: string;
  /** PostgreSQL pool size. Default: `$WORKFLOW_POSTGRES_POOL_SIZE`, else 10. */
  pool?: number;
  /** PostgreSQL schema of the world's tables. Default: `$WORKFLOW_POSTGRES_SCHEMA`, else `workflow`. */
  schema?: string;
}

const EMBEDDED_TARGETS = new Set(["embedded", "fs", "local"]);

/**
 * Creates the world selected by options or environment: the embedded filesystem world by default.
 * @example
 * const world = await createWorld(); // .workflow-data/ in the current directory
 */
export async function createWorld(options: CreateWorldOptions = {}): Promise<World> {
  const target = (options.target ?? process.env.WORKFLOW_TARGET_WORLD ?? "embedded").trim() || "embedded";
  if (EMBEDDED_TARGETS.has(target)) {
    const dataDir = options.dataDir ?? process.env.WORKFLOW_EMBEDDED_DATA_DIR ?? resolve(process.cwd(), ".workflow-data");
    return createFsWorld({ dataDir });
  }
  if (target === "postgres") {
    // Loaded on demand: the driver and the queue stay out of processes (and server bundles' startup) that use
    // the embedded world.
    const { createPostgresWorld } = await import("./postgres/create-postgres-world.ts");
    return createPostgresWorld(resolvePostgresTarget(options, process.env));
  }
  throw new WorkflowError(
    "ERR_WORLD_UNKNOWN_TARGET",
    `Unknown world target "${target}" (from ${options.target === undefined ? "WORKFLOW_TARGET_WORLD" : "the target option"}). Use "embedded" (the default) or "postgres".`,
  );
}
