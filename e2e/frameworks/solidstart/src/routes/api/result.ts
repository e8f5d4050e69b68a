import type { APIEvent } from "@solidjs/start/server";
import { getRun } from "workflow/api";

export async function GET({ request }: APIEvent) {
  const run = getRun(new URL(request.url).searchParams.get("runId") ?? "");
  const status = await run.status;
  return Response.json({ status, returnValue: status === "completed" ? await run.returnValue : undefined });
}
