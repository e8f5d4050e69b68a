// POST /api/hooks/:token {"payload": any}: delivers the payload durably, answers {"ok": true, "runId"}.
import { defineHandler, getRouterParam } from "nitro/h3";
import { resumeHook } from "workflow/api";
import { isNotFound, jsonError } from "../../lib/json-error.ts";
import { readJsonBody } from "../../lib/read-json-body.ts";

export default defineHandler(async (event) => {
  const token = decodeURIComponent(getRouterParam(event, "token") ?? "");
  const body = await readJsonBody(event);
  if (body instanceof Response) return body;
  if (typeof body !== "object" || body === null || !("payload" in body)) return jsonError(400, 'Expected a JSON object {"payload": ...}');
  try {
    const result = await resumeHook(token, body.payload);
    return { ok: true, runId: result.runId };
  } catch (error) {
    if (isNotFound(error)) return jsonError(404, "Unknown hook");
    throw error;
  }
});
