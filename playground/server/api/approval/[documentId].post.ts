// POST /api/approval/:documentId {approved, approvedBy, comment}: answers the document's approval hook.
import { defineHandler, getRouterParam } from "nitro/h3";
import { getHookByToken } from "workflow/api";
import { type Approval, approvalToken } from "../../../workflows/approval.ts";
import { describeError, isNotFound, jsonError } from "../../lib/json-error.ts";
import { readJsonBody } from "../../lib/read-json-body.ts";
import { approvalHook } from "../../lib/workflows-by-name.ts";

export default defineHandler(async (event) => {
  const token = approvalToken(getRouterParam(event, "documentId") ?? "");
  const body = await readJsonBody(event);
  if (body instanceof Response) return body;
  const hook = await getHookByToken(token).catch((error: unknown) => {
    if (isNotFound(error)) return undefined;
    throw error;
  });
  if (!hook) return jsonError(404, "No approval is waiting for this document");
  try {
    // The hook's schema validates the payload before the run resumes.
    const result = await approvalHook.resume(token, body as Approval);
    return { ok: true, runId: result.runId };
  } catch (error) {
    return Response.json({ error: "Invalid approval", details: describeError(error) }, { status: 400 });
  }
});
