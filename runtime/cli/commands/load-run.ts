import { CliUserError } from "../cli-io.ts";
import type { CommandContext } from "../command.ts";
import { isRunId } from "../../events/ids.ts";
import type { LoadedRun } from "../open-inspector.ts";

/** Loads a run for a command, or fails with "Run … not found in <data dir or schema>" (exit 1). */
export async function loadRunOrFail(ctx: CommandContext, runId: string): Promise<LoadedRun> {
  const inspector = await ctx.inspector();
  const run = isRunId(runId) ? await inspector.loadRun(runId) : undefined;
  if (!run) {
    const hint = isRunId(runId) ? "" : " Run ids look like wrun_01JD8Z3K4M5N6P7Q8R9S0T1V2W.";
    throw new CliUserError(`Run ${runId} not found in ${inspector.location}.${hint}`);
  }
  return run;
}
