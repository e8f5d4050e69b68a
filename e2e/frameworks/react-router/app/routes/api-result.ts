import { getRun } from "workflow/api";

export async function loader({ request }: { request: Request }) {
  const run = getRun(new URL(request.url).searchParams.get("runId") ?? "");
  const status = await run.status;
  return Response.json({ status, returnValue: status === "completed" ? await run.returnValue : undefined });
}
