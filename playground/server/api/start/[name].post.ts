// POST /api/start/:name {"args": [...]}: starts a run, answers {"runId"} as soon as it is recorded.
import { defineHandler, getRouterParam } from "nitro/h3";
import { start } from "workflow/api";
import { describeError, jsonError } from "../../lib/json-error.ts";
import { readJsonBody } from "../../lib/read-json-body.ts";
import { WORKFLOWS_BY_NAME } from "../../lib/workflows-by-name.ts";

export default defineHandler(async (event) => {
  const name = getRouterParam(event, "name") ?? "";
  const workflow = Object.hasOwn(WORKFLOWS_BY_NAME, name) ? WORKFLOWS_BY_NAME[name] : undefined;
  if (!workflow) return jsonError(404, `Unknown workflow "${name}"`);
  const body = await readJsonBody(event);
  if (body instanceof Response) return body;
  if (typeof body !== "object" || body === null || Array.isArray(body)) return jsonError(400, 'Expected a JSON object {"args": [...]}');
  const args = (body as { args?: unknown }).args;
  if (args !== undefined && !Array.isArray(args)) return jsonError(400, '"args" must be an array');
  try {
    const run = await start(workflow, args ?? []);
    return { runId: run.runId };
  } catch (error) {
    // In `vite dev`, e.g. ERR_WORKFLOW_BUILD_FAILED while a workflow file does not compile.
    const { message, code } = describeError(error);
    return Response.json({ error: message, code }, { status: 500 });
  }
});
