import { json } from "@sveltejs/kit";
import { start } from "workflow/api";
import { greeting } from "../../../../workflows/greeting";

export async function POST({ url }) {
  const run = await start(greeting, [url.searchParams.get("name") ?? "world"]);
  return json({ runId: run.runId });
}
