// POST /api/start/:name {"args": [...]}: starts a run, answers {"runId"} as soon as it is recorded.
import { defineHandler, getRouterParam, readBody } from "nitro/h3";
import { start } from "workflow/api";
import { jsonError } from "../../lib/json-error.ts";
import { WORKFLOWS_BY_NAME } from "../../lib/workflows-by-name.ts";

export default defineHandler(async (event) => {
  const name = getRouterParam(event, "name") ?? "";
  const workflow = Object.hasOwn(WORKFLOWS_BY_NAME, name) ? WORKFLOWS_BY_NAME[name] : undefined;
  if (!workflow) return jsonError(404, `Unknown workflow "${name}"`);
  const body = (await readBody<{ args?: unknown[] }>(event).catch(() => undefined)) ?? {};
  if (body.args !== undefined && !Array.isArray(body.args)) return jsonError(400, '"args" must be an array');
  const run = await start(workflow, body.args ?? []);
  return { runId: run.runId };
});
