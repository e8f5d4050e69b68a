import type { APIRoute } from "astro";
import { start } from "workflow/api";
import { greeting } from "../../../workflows/greeting";

export const POST: APIRoute = async ({ url }) => {
  const run = await start(greeting, [url.searchParams.get("name") ?? "world"]);
  return Response.json({ runId: run.runId });
};
