import { CliUsageError } from "../cli-io.ts";
import { COMMON_HELP, COMMON_OPTIONS, type Command, type CommandContext } from "../command.ts";
import { formatDuration, paint, renderTable, shortName, type Formatter, type Style } from "../format.ts";
import type { Json } from "../hydrate.ts";
import { previewValue } from "../render-detail.ts";
import { eventToJson } from "../to-json.ts";
import { loadRunOrFail } from "./load-run.ts";

const USAGE = `Usage: workflow inspect events <runId> [options]

Prints the run's event log, the only durable truth about a run, in order. Payloads are decoded.

Options:
  --from <n>            Start at event index n (default: 0)

${COMMON_HELP}

Aliases: e, event, events`;

type EventJson = Record<string, Json>;

const str = (value: Json | undefined) => (typeof value === "string" ? value : value === undefined || value === null ? "" : JSON.stringify(value));
const errorText = (value: Json | undefined) => {
  const error = value as { name?: string; message?: string } | null | undefined;
  return error ? `${error.name ?? "Error"}: ${error.message ?? ""}` : "";
};

/** A one-line summary of what an event says, for the DETAIL column. */
function detailOf(event: EventJson): string {
  switch (event.type) {
    case "run_created":
      return `${shortName(str(event.workflowName))} ${previewValue(event.input)}`;
    case "run_completed":
      return previewValue(event.output);
    case "run_failed":
      return errorText(event.error);
    case "run_cancelled":
      return str(event.reason);
    case "step_created":
      return `${shortName(str(event.stepName))} ${previewValue(event.input)}`;
    case "step_started":
      return `attempt ${str(event.attempt) || "?"}`;
    case "step_completed":
      return previewValue(event.result);
    case "step_failed":
      return `${event.fatal ? "fatal " : ""}${errorText(event.error)}`;
    case "step_retrying":
      return `attempt ${str(event.attempt)} at ${str(event.retryAt)}`;
    case "hook_created":
      return `${str(event.kind) || "hook"} token ${str(event.token)}`;
    case "hook_received":
      return previewValue(event.payload);
    case "wait_created":
      return `until ${str(event.resumeAt)}`;
    default:
      return "";
  }
}

const typeStyle = (type: string): Style | undefined =>
  type.endsWith("_failed") ? "red" : type.endsWith("_completed") ? "green" : type.endsWith("_retrying") || type.endsWith("_cancelled") ? "yellow" : undefined;

/** The events table: index, time since the run was created, type, correlation id, detail. */
export function renderEvents(f: Formatter, events: EventJson[], runCreatedAt: number | undefined, indent = ""): string {
  if (events.length === 0) return "  (none)\n";
  return renderTable(f, [
    { header: "#", cell: (e: EventJson) => str(e.index), align: "right" },
    {
      header: "AT",
      cell: (e) => {
        const at = Date.parse(str(e.createdAt));
        return runCreatedAt === undefined || Number.isNaN(at) ? str(e.createdAt) || "-" : `+${formatDuration(at - runCreatedAt)}`;
      },
      align: "right",
    },
    { header: "TYPE", cell: (e) => str(e.type), style: (t, e) => { const style = typeStyle(str(e.type)); return style ? paint(f, style, t) : t; } },
    { header: "CORRELATION ID", cell: (e) => str(e.correlationId) },
    { header: "DETAIL", cell: detailOf, flex: true },
  ], events, indent);
}

async function run(ctx: CommandContext): Promise<void> {
  const [runId] = ctx.positionals;
  const from = ctx.values.from === undefined ? 0 : Number(ctx.values.from);
  if (!Number.isInteger(from) || from < 0) throw new CliUsageError(`--from must be an integer >= 0, got "${ctx.values.from}".`, USAGE);
  const { events, state } = await loadRunOrFail(ctx, runId);
  const shown = events.slice(from).map((event, i) => eventToJson(event, from + i, ctx.warn));
  if (ctx.json) return ctx.printJson({ data: shown, cursor: null });
  if (shown.length === 0) {
    ctx.print(`Run ${runId} has ${events.length} event${events.length === 1 ? "" : "s"}; none from index ${from}.\n`);
    return;
  }
  ctx.print(renderEvents(ctx.f, shown, state.createdAt));
}

/** `workflow inspect events <runId>`. */
export const inspectEvents: Command = {
  name: "events",
  usage: USAGE,
  options: { ...COMMON_OPTIONS, from: { type: "string" } },
  args: [1, 1],
  webPath: ([runId]) => `#/runs/${encodeURIComponent(runId)}/events`,
  run,
};
