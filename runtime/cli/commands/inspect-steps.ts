import { CliUserError } from "../cli-io.ts";
import { COMMON_HELP, COMMON_OPTIONS, type Command, type CommandContext } from "../command.ts";
import { formatDuration, formatRelative, formatTimestamp, paint, paintStatus, renderTable, type Formatter } from "../format.ts";
import { previewValue, renderError, renderFields, renderSection, renderValue } from "../render-detail.ts";
import { eventToJson, stepToJson, type StepJson } from "../to-json.ts";
import { renderEvents } from "./inspect-events.ts";
import { loadRunOrFail } from "./load-run.ts";

const USAGE = `Usage: workflow inspect steps <runId> [stepId] [options]

Without a step id, lists the run's steps in the order the workflow called them. With one, shows the step:
input, output or error, every attempt, and the step's events.

${COMMON_HELP}

Aliases: s, step, steps`;

function renderStepList(f: Formatter, steps: StepJson[]): string {
  return renderTable(f, [
    { header: "STEP ID", cell: (s: StepJson) => s.stepId },
    { header: "NAME", cell: (s) => s.step, flex: true },
    { header: "STATUS", cell: (s) => s.status, style: (t, s) => paintStatus(f, s.status, t) },
    { header: "ATTEMPTS", cell: (s) => String(s.attempts.length), align: "right" },
    { header: "STARTED", cell: (s) => formatRelative(f, Date.parse(s.startedAt ?? "")) },
    { header: "DURATION", cell: (s) => (s.durationMs === null ? "-" : formatDuration(s.durationMs)), align: "right" },
    { header: "INPUT", cell: (s) => previewValue(s.input), flex: true },
    { header: "OUTPUT", cell: (s) => (s.status === "completed" ? previewValue(s.output) : s.error ? `${s.error.name}: ${s.error.message}` : ""), flex: true },
  ], steps);
}

function renderStep(f: Formatter, step: StepJson): string {
  const time = (at: string | null) => (at === null ? undefined : formatTimestamp(f, Date.parse(at)));
  let text = `${paint(f, "bold", "Step")} ${step.stepId} ${paint(f, "dim", `of run ${step.runId}`)}\n`;
  text += renderFields(f, [
    ["Name", `${step.step} ${paint(f, "dim", `(${step.stepName || "unknown"})`)}`],
    ["Status", paintStatus(f, step.status)],
    ["Created", time(step.createdAt)],
    ["Started", time(step.startedAt)],
    ["Completed", time(step.completedAt)],
    ["Next attempt", step.status === "retrying" ? time(step.retryAt) : undefined],
    ["Duration", step.durationMs === null ? undefined : formatDuration(step.durationMs)],
  ]);
  text += renderSection(f, "Input", renderValue(step.input));
  if (step.status === "completed") text += renderSection(f, "Output", renderValue(step.output));
  if (step.error) text += renderSection(f, step.status === "failed" ? "Error" : "Last error", renderError(f, step.error));
  if (step.attempts.length > 0) {
    text += renderSection(
      f,
      `Attempts (${step.attempts.length})`,
      renderTable(f, [
        { header: "#", cell: (a: StepJson["attempts"][number]) => String(a.attempt), align: "right" },
        { header: "STARTED", cell: (a) => a.startedAt ?? "-" },
        { header: "DURATION", cell: (a) => (a.durationMs === null ? "-" : formatDuration(a.durationMs)), align: "right" },
        { header: "OUTCOME", cell: (a) => a.outcome ?? "running", style: (t, a) => paintStatus(f, a.outcome ?? "running", t) },
        { header: "ERROR", cell: (a) => (a.error ? `${a.error.name}: ${a.error.message}` : ""), flex: true },
      ], step.attempts, "  "),
    );
  }
  for (const attempt of step.attempts) {
    if (attempt.logs.length === 0 && attempt.logsDropped === 0) continue;
    text += renderSection(f, `Logs of attempt ${attempt.attempt}`, renderLogs(f, attempt));
  }
  return text;
}

/** An attempt's console lines: time, level, text; warnings and errors coloured as a terminal shows them. */
function renderLogs(f: Formatter, attempt: StepJson["attempts"][number]): string {
  const color = { error: "red", warn: "yellow", debug: "dim" } as const;
  let text = "";
  for (const line of attempt.logs) {
    const level = line.level.padEnd(5);
    const paintLevel = Object.hasOwn(color, line.level) ? paint(f, color[line.level as keyof typeof color], level) : level;
    const indent = " ".repeat(2 + 12 + 1 + 5 + 1);
    text += `  ${paint(f, "dim", line.at.slice(11, 23))} ${paintLevel} ${line.text.replaceAll("\n", `\n${indent}`)}\n`;
  }
  if (attempt.logsDropped > 0) text += `  ${paint(f, "dim", `… ${attempt.logsDropped} more line${attempt.logsDropped === 1 ? "" : "s"} not stored`)}\n`;
  return text;
}

async function run(ctx: CommandContext): Promise<void> {
  const [runId, stepId] = ctx.positionals;
  const { events, state } = await loadRunOrFail(ctx, runId);
  if (stepId === undefined) {
    const steps = Object.values(state.steps).map((step) => stepToJson(runId, step, ctx.warn));
    if (ctx.json) return ctx.printJson({ data: steps, cursor: null });
    ctx.print(steps.length === 0 ? `Run ${runId} has no steps yet.\n` : renderStepList(ctx.f, steps));
    return;
  }
  const found = Object.hasOwn(state.steps, stepId) ? state.steps[stepId] : undefined;
  if (!found) {
    const known = Object.keys(state.steps);
    throw new CliUserError(`Step ${stepId} not found in run ${runId}.${known.length ? ` Its steps: ${known.slice(0, 10).join(", ")}${known.length > 10 ? ", …" : ""}.` : " It has no steps."}`);
  }
  const step = stepToJson(runId, found, ctx.warn);
  const stepEvents = events
    .map((event, index) => ({ event, index }))
    .filter(({ event }) => (event as { correlationId?: string }).correlationId === stepId)
    .map(({ event, index }) => eventToJson(event, index, ctx.warn));
  if (ctx.json) return ctx.printJson({ ...step, events: stepEvents });
  ctx.print(renderStep(ctx.f, step));
  ctx.print(renderSection(ctx.f, `Events (${stepEvents.length})`, renderEvents(ctx.f, stepEvents, state.createdAt, "  ")));
}

/** `workflow inspect steps <runId> [stepId]`. */
export const inspectSteps: Command = {
  name: "steps",
  usage: USAGE,
  options: { ...COMMON_OPTIONS },
  args: [1, 2],
  webPath: ([runId, stepId]) => `#/runs/${encodeURIComponent(runId)}${stepId ? `/steps/${encodeURIComponent(stepId)}` : ""}`,
  run,
};
