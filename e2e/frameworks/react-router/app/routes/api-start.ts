import { start } from "workflow/api";
import { greeting } from "../../workflows/greeting";

export async function action({ request }: { request: Request }) {
  const name = new URL(request.url).searchParams.get("name") ?? "world";
  const run = await start(greeting, [name]);
  return Response.json({ runId: run.runId });
}
