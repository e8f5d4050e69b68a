import { createFileRoute } from "@tanstack/react-router";
import { start } from "workflow/api";
import { greeting } from "../../../workflows/greeting";

export const Route = createFileRoute("/api/start")({
  server: {
    handlers: {
      POST: async ({ request }) => {
        const run = await start(greeting, [new URL(request.url).searchParams.get("name") ?? "world"]);
        return Response.json({ runId: run.runId });
      },
    },
  },
});
