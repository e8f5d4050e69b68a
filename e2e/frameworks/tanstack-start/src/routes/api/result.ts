import { createFileRoute } from "@tanstack/react-router";
import { getRun } from "workflow/api";

export const Route = createFileRoute("/api/result")({
  server: {
    handlers: {
      GET: async ({ request }) => {
        const run = getRun(new URL(request.url).searchParams.get("runId") ?? "");
        const status = await run.status;
        return Response.json({ status, returnValue: status === "completed" ? await run.returnValue : undefined });
      },
    },
  },
});
