// GET /api/hooks/:token: {"token", "runId"} once a hook with that token waits; 404 otherwise.
import { defineHandler, getRouterParam } from "nitro/h3";
import { getHookByToken } from "workflow/api";
import { isNotFound, jsonError } from "../../lib/json-error.ts";

export default defineHandler(async (event) => {
  const token = decodeURIComponent(getRouterParam(event, "token") ?? "");
  try {
    const hook = await getHookByToken(token);
    if (!hook) return jsonError(404, "Unknown hook");
    return { token, runId: hook.runId };
  } catch (error) {
    if (isNotFound(error)) return jsonError(404, "Unknown hook");
    throw error;
  }
});
