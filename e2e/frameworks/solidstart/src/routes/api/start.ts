import type { APIEvent } from "@solidjs/start/server";
import { start } from "workflow/api";
import { greeting } from "../../../workflows/greeting";

export async function POST({ request }: APIEvent) {
  const run = await start(greeting, [new URL(request.url).searchParams.get("name") ?? "world"]);
  return Response.json({ runId: run.runId });
}
