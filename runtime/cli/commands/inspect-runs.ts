import { RUN_STATUS, type RunStatus } from "../../events/event.ts";
import { CliUsageError } from "../cli-io.ts";
import { COMMON_HELP, COMMON_OPTIONS, type Command, type CommandContext } from "../command.ts";
import { formatDuration, formatRelative, formatTimestamp, paint, paintStatus, renderTable, shortName, type Formatter } from "../format.ts";
import { isRunId } from "../../events/ids.ts";
import { renderError, renderFields, renderSection, renderValue } from "../render-detail.ts";
import { runDetailToJson, runToJson, type RunDetailJson, type RunJson } from "../to-json.ts";
import { loadRunOrFail } from "./load-run.ts";

const USAGE = `Usage: workflow inspect runs [runId] [options]

Without a run id, lists runs newest first. With one, shows the run: summary, input, output or error,
its steps (with attempts), sleeps and hooks.

Options:
  --workflow <name>     Only runs of this workflow (its full id or its function name)
  --status <status>     Only runs with this status: ${Object.values(RUN_STATUS).join(", ")}
  --limit <n>           Runs per page (default: 20, at most 1000)
  --cursor <runId>      Continue a listing after this run (printed at the end of a full page)

${COMMON_HELP}

Aliases: r, run, runs`;

/** Elapsed time of a run: final once it ended, so far (with `…`) while it runs. */
export function runDuration(f: Formatter, run: RunJson): string {
  const start = Date.parse(run.startedAt ?? "");
  if (run.durationMs !== null) return formatDuration(run.durationMs);
  if (run.status === "running" && Number.isFinite(start)) return `${formatDuration(f.now - start)}…`;
  return "-";
}

async function list(ctx: CommandContext): Promise<void> {
  const { values } = ctx;
  const limit = values.limit === undefined ? 20 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new CliUsageError(`--limit must be an integer from 1 to 1000, got "${values.limit}".`, USAGE);
  const status = values.status as string | undefined;
  if (status !== undefined && !Object.hasOwn(RUN_STATUS, status)) {
    throw new CliUsageError(`--status must be one of ${Object.values(RUN_STATUS).join(", ")}, got "${status}".`, USAGE);
  }
  const cursor = values.cursor as string | undefined;
  if (cursor !== undefined && !isRunId(cursor)) throw new CliUsageError(`--cursor must be a run id (wrun_…), got "${cursor}".`, USAGE);
  const workflow = values.workflow as string | undefined;
  const inspector = await ctx.inspector();
  // A full workflow id filters in the world; a short name is matched here, page by page.
  const exact = workflow?.includes("//") ? workflow : undefined;
  const runs: RunJson[] = [];
  let next = cursor;
  let exhausted = false;
  while (runs.length < limit && !exhausted) {
    const page = await inspector.listRuns({
      limit: exact || !workflow ? limit - runs.length : 100,
      ...(next ? { cursor: next } : {}),
      ...(exact ? { workflowName: exact } : {}),
      ...(status ? { status: status as RunStatus } : {}),
    });
    let i = 0;
    for (; i < page.data.length && runs.length < limit; i++) {
      const run = page.data[i];
      next = run.runId;
      if (!workflow || exact || shortName(run.workflowName) === workflow) runs.push(runToJson(run));
    }
    if (page.data.length === 0 || (i === page.data.length && page.cursor === null)) exhausted = true;
  }
  const more = exhausted ? null : (runs.at(-1)?.runId ?? null);
  if (ctx.json) return ctx.printJson({ data: runs, cursor: more });
  if (runs.length === 0) {
    ctx.print(workflow || status || cursor ? "No runs match.\n" : `No runs yet in ${inspector.location}.\n`);
    return;
  }
  const { f } = ctx;
  ctx.print(
    renderTable(f, [
      { header: "RUN ID", cell: (r: RunJson) => r.runId },
      { header: "WORKFLOW", cell: (r) => r.workflow, flex: true },
      { header: "STATUS", cell: (r) => r.status, style: (text, r) => paintStatus(f, r.status, text) },
      { header: "CREATED", cell: (r) => formatRelative(f, Date.parse(r.createdAt ?? "")) },
      { header: "DURATION", cell: (r) => runDuration(f, r), align: "right" },
    ], runs),
  );
  if (more) ctx.print(paint(f, "dim", `More runs: workflow inspect runs --cursor ${more}${ctx.values.limit ? ` --limit ${limit}` : ""}\n`));
}

/** The human view of one run. */
export function renderRun(f: Formatter, run: RunDetailJson): string {
  const time = (at: string | null) => (at === null ? undefined : formatTimestamp(f, Date.parse(at)));
  let text = `${paint(f, "bold", "Run")} ${run.runId}\n`;
  text += renderFields(f, [
    ["Workflow", `${run.workflow} ${paint(f, "dim", `(${run.workflowName || "unknown"})`)}`],
    ["Status", paintStatus(f, run.status) + (run.cancelReason ? ` (${run.cancelReason})` : "")],
    ["Created", time(run.createdAt)],
    ["Started", time(run.startedAt)],
    ["Completed", time(run.completedAt)],
    ["Duration", runDuration(f, run)],
    ["Events", String(run.eventCount)],
    ["Idempotency key", run.idempotencyKey ?? undefined],
  ]);
  text += renderSection(f, "Input", renderValue(run.input));
  if (run.status === "completed") text += renderSection(f, "Output", renderValue(run.output));
  if (run.error) text += renderSection(f, "Error", renderError(f, run.error));
  if (run.steps.length > 0) {
    text += renderSection(
      f,
      `Steps (${run.steps.length})`,
      renderTable(f, [
        { header: "STEP ID", cell: (s: RunDetailJson["steps"][number]) => s.stepId },
        { header: "NAME", cell: (s) => s.step, flex: true },
        { header: "STATUS", cell: (s) => s.status, style: (t, s) => paintStatus(f, s.status, t) },
        { header: "ATTEMPTS", cell: (s) => String(s.attempts.length), align: "right" },
        { header: "STARTED", cell: (s) => formatRelative(f, Date.parse(s.startedAt ?? "")) },
        { header: "DURATION", cell: (s) => (s.durationMs === null ? "-" : formatDuration(s.durationMs)), align: "right" },
        { header: "ERROR", cell: (s) => (s.error && s.status !== "completed" ? `${s.error.name}: ${s.error.message}` : ""), flex: true },
      ], run.steps, "  "),
    );
  }
  if (run.waits.length > 0) {
    text += renderSection(
      f,
      `Sleeps (${run.waits.length})`,
      renderTable(f, [
        { header: "WAIT ID", cell: (w: RunDetailJson["waits"][number]) => w.waitId },
        { header: "STATUS", cell: (w) => (w.completed ? "done" : "waiting"), style: (t, w) => paintStatus(f, w.completed ? "done" : "waiting", t) },
        { header: "RESUME AT", cell: (w) => `${w.resumeAt ?? "-"} (${formatRelative(f, Date.parse(w.resumeAt ?? ""))})` },
      ], run.waits, "  "),
    );
  }
  if (run.hooks.length > 0) {
    text += renderSection(
      f,
      `Hooks (${run.hooks.length})`,
      renderTable(f, [
        { header: "HOOK ID", cell: (h: RunDetailJson["hooks"][number]) => h.hookId },
        { header: "KIND", cell: (h) => h.kind },
        { header: "STATUS", cell: (h) => (h.live ? "live" : "disposed"), style: (t, h) => paintStatus(f, h.live ? "live" : "disposed", t) },
        { header: "RECEIVED", cell: (h) => String(h.receivedCount), align: "right" },
        { header: "TOKEN", cell: (h) => h.token },
      ], run.hooks, "  "),
    );
  }
  return text;
}

async function show(ctx: CommandContext, runId: string): Promise<void> {
  const { state, damage } = await loadRunOrFail(ctx, runId);
  const run = runDetailToJson(runId, state, ctx.warn, damage);
  if (ctx.json) return ctx.printJson(run);
  ctx.print(renderRun(ctx.f, run));
}

/** `workflow inspect runs [runId]`. */
export const inspectRuns: Command = {
  name: "runs",
  usage: USAGE,
  options: {
    ...COMMON_OPTIONS,
    workflow: { type: "string", short: "n" },
    status: { type: "string", short: "s" },
    limit: { type: "string", short: "l" },
    cursor: { type: "string" },
  },
  args: [0, 1],
  webPath: ([runId]) => (runId ? `#/runs/${encodeURIComponent(runId)}` : ""),
  async run(ctx) {
    const [runId] = ctx.positionals;
    if (runId === undefined) return list(ctx);
    for (const flag of ["workflow", "status", "limit", "cursor"]) {
      if (ctx.values[flag] !== undefined) ctx.warn(`--${flag} only applies to a listing; ignored when showing one run`);
    }
    return show(ctx, runId);
  },
};

