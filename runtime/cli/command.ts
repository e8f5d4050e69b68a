import type { ParseArgsConfig } from "node:util";
import type { CliIo } from "./cli-io.ts";
import type { Formatter } from "./format.ts";
import type { Warn } from "./hydrate.ts";
import type { Inspector } from "./open-inspector.ts";

/** Flags every `inspect` command accepts. */
export const COMMON_OPTIONS = {
  json: { type: "boolean", short: "j" },
  "data-dir": { type: "string", short: "d" },
  "postgres-url": { type: "string" },
  "postgres-schema": { type: "string" },
  web: { type: "boolean", short: "w" },
  port: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies NonNullable<ParseArgsConfig["options"]>;

export const COMMON_HELP = `Common options:
  --json, -j            Print JSON (hydrated values, the same objects in lists and single views)
  --data-dir, -d <dir>  Data directory (default: $WORKFLOW_EMBEDDED_DATA_DIR, else .workflow-data in
                        this directory or the nearest parent that has one)
  --postgres-url <url>  Read the PostgreSQL world at this URL instead (default when
                        WORKFLOW_TARGET_WORLD=postgres: $WORKFLOW_POSTGRES_URL)
  --postgres-schema <name>
                        Its schema (default: $WORKFLOW_POSTGRES_SCHEMA, else workflow)
  --web, -w             Serve the devtools panel on this store and print this view's URL (read-only;
                        runs until Ctrl-C)
  --port <port>         Port for --web (default: $WORKFLOW_WEB_PORT, else 3456; 0 picks a free one)
  --help, -h            Show this help`;

/** What a command runs with. */
export interface CommandContext {
  io: CliIo;
  env: Record<string, string | undefined>;
  /** Parsed flags (common and the command's own). */
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  json: boolean;
  /** Formatter for stdout. */
  f: Formatter;
  /** Writes to stdout. */
  print(text: string): void;
  /** Prints a value as indented JSON plus a newline. */
  printJson(value: unknown): void;
  warn: Warn;
  /** Opens the store (data directory or PostgreSQL, resolved from flags and environment); closed by `main` afterwards. */
  inspector(): Promise<Inspector>;
}

/** One `inspect <resource>` command. */
export interface Command {
  /** Canonical resource name (`runs`, `steps`, ...). */
  name: string;
  usage: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  /** Minimum and maximum number of positional arguments. */
  args: [min: number, max: number];
  /** Devtools panel path (after `/__workflow/`) for `--web`. */
  webPath(positionals: string[]): string;
  run(ctx: CommandContext): Promise<void>;
}
