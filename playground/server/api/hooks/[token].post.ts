// POST /api/hooks/:token {"payload": any}: delivers the payload durably, answers {"ok": true, "runId"}.
import { defineHandler, getRouterParam, readBody } from "nitro/h3";
import { resumeHook } from "workflow/api";
import { isNotFound, jsonError } from "../../lib/json-error.ts";

export default defineHandler(async (event) => {
  const token = decodeURIComponent(getRouterParam(event, "token") ?? "");
  const body = (await readBody<{ payload?: unknown }>(event).catch(() => undefined)) ?? {};
  try {
    const result = await resumeHook(token, body.payload);
    return { ok: true, runId: result.runId };
  } catch (error) {
    if (isNotFound(error)) return jsonError(404, "Unknown hook");
    throw error;
  }
});
