import { isTerminalStatus } from "../../events/terminal-events.ts";
import { COMMON_HELP, COMMON_OPTIONS, type Command, type CommandContext } from "../command.ts";
import { formatRelative, paintStatus, renderTable, type Formatter } from "../format.ts";
import { hookToJson, type HookJson } from "../to-json.ts";
import { loadRunOrFail } from "./load-run.ts";

const USAGE = `Usage: workflow inspect hooks [runId] [options]

Without a run id, lists the live hooks and webhooks of every unfinished run, with the tokens to resume them
(resumeHook(token, payload)). With one, lists every hook of that run, live or not.

${COMMON_HELP}

Aliases: h, hook, hooks`;

function renderHooks(f: Formatter, hooks: HookJson[], withRun: boolean): string {
  return renderTable(f, [
    ...(withRun ? [{ header: "RUN ID", cell: (h: HookJson) => h.runId }] : []),
    { header: "HOOK ID", cell: (h: HookJson) => h.hookId },
    { header: "KIND", cell: (h) => h.kind },
    { header: "STATUS", cell: (h) => (h.live ? "live" : "disposed"), style: (t, h) => paintStatus(f, h.live ? "live" : "disposed", t) },
    { header: "RECEIVED", cell: (h) => String(h.receivedCount), align: "right" },
    { header: "CREATED", cell: (h) => formatRelative(f, Date.parse(h.createdAt ?? "")) },
    { header: "TOKEN", cell: (h) => h.token },
  ], hooks);
}

async function run(ctx: CommandContext): Promise<void> {
  const [runId] = ctx.positionals;
  if (runId !== undefined) {
    const { state } = await loadRunOrFail(ctx, runId);
    const hooks = Object.values(state.hooks).map((hook) => hookToJson(runId, hook, isTerminalStatus(state.status), ctx.warn));
    if (ctx.json) return ctx.printJson({ data: hooks, cursor: null });
    ctx.print(hooks.length === 0 ? `Run ${runId} has no hooks.\n` : renderHooks(ctx.f, hooks, false));
    return;
  }
  const inspector = await ctx.inspector();
  const hooks: HookJson[] = [];
  for (const id of (await inspector.listActiveRunIds()).toSorted().toReversed()) {
    const loaded = await inspector.loadRun(id);
    if (!loaded || isTerminalStatus(loaded.state.status)) continue;
    for (const hook of Object.values(loaded.state.hooks)) {
      const json = hookToJson(id, hook, false, ctx.warn);
      if (json.live) hooks.push(json);
    }
  }
  if (ctx.json) return ctx.printJson({ data: hooks, cursor: null });
  ctx.print(hooks.length === 0 ? "No live hooks.\n" : renderHooks(ctx.f, hooks, true));
}

/** `workflow inspect hooks [runId]`. */
export const inspectHooks: Command = {
  name: "hooks",
  usage: USAGE,
  options: { ...COMMON_OPTIONS },
  args: [0, 1],
  webPath: ([runId]) => (runId ? `#/runs/${encodeURIComponent(runId)}/hooks` : ""),
  run,
};
