import { parseArgs } from "node:util";
import { CliUsageError, CliUserError, EXIT, type CliIo, type ExitCode } from "./cli-io.ts";
import type { Command, CommandContext } from "./command.ts";
import { createFormatter, paint } from "./format.ts";
import { firstLine, openInspector, type Inspector } from "./open-inspector.ts";
import { resolveResource } from "./resolve-resource.ts";
import { resolveStore } from "./resolve-store.ts";
import { DEFAULT_WEB_PORT, servePanel } from "./serve-panel.ts";
import { runPostgresCommand } from "./commands/postgres-setup.ts";

export const MAIN_USAGE = `Usage: workflow <command> [options]

Commands:
  inspect <resource> [id]   Look at runs stored in the data directory or PostgreSQL (alias: i)
  postgres setup            Create or migrate the PostgreSQL world's schema

Run "workflow inspect --help" for the resources, "workflow inspect <resource> --help" for their options.`;

export const INSPECT_USAGE = `Usage: workflow inspect <resource> [id] [options]

Resources:
  runs [runId]                   List runs, or show one run (aliases: r, run)
  steps <runId> [stepId]         List a run's steps, or show one step (aliases: s, step)
  events <runId>                 Print a run's event log (aliases: e, event)
  hooks [runId]                  Live hooks with their tokens, or every hook of a run (aliases: h, hook)
  streams <runId | streamName>   List a run's streams, or print one until it closes (aliases: st, stream)

Every resource accepts --json, --data-dir <dir>, --postgres-url <url>, --postgres-schema <name>, --web and --help.`;

/**
 * Runs the `workflow` command line with `argv` (without the node and script paths) and resolves with the exit
 * code: 0 ok, 1 user error (unknown id, no data directory), 2 usage error. Never throws; never exits.
 * @example process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
 */
export async function main(argv: string[], io: CliIo): Promise<ExitCode> {
  const env = io.env ?? process.env;
  const errorStyle = createFormatter(io.stderr, env, 0);
  const fail = (message: string) => io.stderr.write(`${paint(errorStyle, "red", "error:")} ${message}\n`);
  let inspector: Inspector | undefined;
  try {
    const [commandWord, resourceWord, ...rest] = argv;
    if (commandWord === undefined) throw new CliUsageError("Missing command.", MAIN_USAGE);
    if (commandWord === "--help" || commandWord === "-h" || commandWord === "help") {
      io.stdout.write(`${MAIN_USAGE}\n`);
      return EXIT.ok;
    }
    if (commandWord === "postgres") {
      await runPostgresCommand(argv.slice(1), io);
      return EXIT.ok;
    }
    if (commandWord !== "inspect" && commandWord !== "i") throw new CliUsageError(`Unknown command "${commandWord}".`, MAIN_USAGE);
    if (resourceWord === undefined) throw new CliUsageError("Missing resource.", INSPECT_USAGE);
    if (resourceWord === "--help" || resourceWord === "-h") {
      io.stdout.write(`${INSPECT_USAGE}\n`);
      return EXIT.ok;
    }
    const command = resolveResource(resourceWord);
    if (!command) throw new CliUsageError(`Unknown resource "${resourceWord}".`, INSPECT_USAGE);
    const ctx = createContext(command, rest, io, env, () => inspector, (opened) => (inspector = opened));
    if (ctx === "help") {
      io.stdout.write(`${command.usage}\n`);
      return EXIT.ok;
    }
    if (ctx.values.web) {
      await serveWeb(ctx, command);
      return EXIT.ok;
    }
    await command.run(ctx);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CliUsageError) {
      fail(error.message);
      io.stderr.write(`\n${error.usage}\n`);
      return EXIT.usage;
    }
    if (error instanceof CliUserError) {
      fail(error.message);
      return EXIT.user;
    }
    // Anything else is a failure of the store or a bug: say what happened without a wall of stack.
    fail(firstLine(error));
    if (env.DEBUG) io.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    return EXIT.user;
  } finally {
    await inspector?.close().catch(() => undefined);
  }
}

function createContext(
  command: Command,
  args: string[],
  io: CliIo,
  env: Record<string, string | undefined>,
  current: () => Inspector | undefined,
  remember: (inspector: Inspector) => void,
): CommandContext | "help" {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options: command.options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliUsageError(firstLine(error), command.usage);
  }
  const values = parsed.values as CommandContext["values"];
  if (values.help) return "help";
  const [min, max] = command.args;
  const { positionals } = parsed;
  if (positionals.length < min) throw new CliUsageError(`Missing argument: ${command.usage.split("\n")[0].replace("Usage: ", "")}`, command.usage);
  if (positionals.length > max) throw new CliUsageError(`Unexpected argument "${positionals[max]}".`, command.usage);
  const f = createFormatter(io.stdout, env, (io.now ?? Date.now)());
  const seen = new Set<string>();
  const warnStyle = createFormatter(io.stderr, env, 0);
  const warn = (message: string) => {
    if (seen.has(message)) return;
    seen.add(message);
    io.stderr.write(`${paint(warnStyle, "yellow", "warning:")} ${message}\n`);
  };
  return {
    io,
    env,
    values,
    positionals,
    json: values.json === true,
    f,
    print: (text) => void io.stdout.write(text),
    printJson: (value) => void io.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    warn,
    async inspector() {
      const open = current();
      if (open) return open;
      const store = resolveStore(values as Record<string, string | undefined>, env, io.cwd ?? process.cwd(), command.usage);
      const inspector = await openInspector({ store, warn });
      remember(inspector);
      return inspector;
    },
  };
}

/**
 * `--web`: serves the devtools panel on the store until Ctrl-C (`io.signal`), and prints the URL of this view.
 * The panel is the dev server's, read-only here: no app, no engine, no Vite needed.
 */
async function serveWeb(ctx: CommandContext, command: Command): Promise<void> {
  const port = webPort(ctx, command);
  const inspector = await ctx.inspector();
  const panel = await servePanel({ world: inspector.world, port });
  try {
    const url = `${panel.url}${command.webPath(ctx.positionals)}`;
    if (ctx.json) ctx.printJson({ url });
    else {
      ctx.print(
        `Devtools panel for ${inspector.location}: ${url}\n` +
          `Read-only (cancel, re-run and resume need the app's dev server). Ctrl-C stops it.\n`,
      );
    }
    await new Promise<void>((resolve) => {
      const signal = ctx.io.signal;
      if (!signal) return;
      if (signal.aborted) resolve();
      else signal.addEventListener("abort", () => resolve(), { once: true });
    });
  } finally {
    await panel.close();
  }
}

function webPort(ctx: CommandContext, command: Command): number {
  const given = (ctx.values.port as string | undefined) ?? ctx.env.WORKFLOW_WEB_PORT;
  if (given === undefined || given === "") return DEFAULT_WEB_PORT;
  const port = Number(given);
  if (!/^\d{1,5}$/.test(given) || port > 65535) {
    const source = ctx.values.port === undefined ? "WORKFLOW_WEB_PORT" : "--port";
    throw new CliUsageError(`${source} must be a port number (0–65535), got "${given}".`, command.usage);
  }
  return port;
}
