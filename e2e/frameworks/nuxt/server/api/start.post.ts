import { start } from "workflow/api";
import { greeting } from "../../workflows/greeting";

export default defineEventHandler(async (event) => {
  const run = await start(greeting, [String(getQuery(event).name ?? "world")]);
  return { runId: run.runId };
});
