import type { APIRoute } from "astro";
import { getRun } from "workflow/api";

export const GET: APIRoute = async ({ url }) => {
  const run = getRun(url.searchParams.get("runId") ?? "");
  const status = await run.status;
  return Response.json({ status, returnValue: status === "completed" ? await run.returnValue : undefined });
};
