// A plain Node server: `workflowMiddleware()` serves the workflow routes, the rest is the app's own API.
import { createServer } from "node:http";
import { getRun, resumeHook, start } from "workflow/api";
import { startWorkflowRuntime, workflowMiddleware } from "vite-workflow/node";
import { placeOrder } from "./workflows/place-order.js";

const workflows = workflowMiddleware();

async function route(request, url) {
  if (request.method === "POST" && url.pathname === "/orders") {
    const run = await start(placeOrder, [url.searchParams.get("id")]);
    return { runId: run.runId };
  }
  if (request.method === "POST" && url.pathname === "/approve") {
    await resumeHook(url.searchParams.get("token"), { by: url.searchParams.get("by"), amount: 42 });
    return { resumed: true };
  }
  if (request.method === "GET" && url.pathname.startsWith("/runs/")) {
    const run = getRun(url.pathname.slice("/runs/".length));
    const status = await run.status;
    return { status, value: status === "completed" ? await run.returnValue : undefined };
  }
  return undefined;
}

const server = createServer((request, response) => {
  workflows(request, response, () => {
    const url = new URL(request.url ?? "/", "http://localhost");
    route(request, url).then(
      (body) => {
        response.writeHead(body ? 200 : 404, { "content-type": "application/json" });
        response.end(JSON.stringify(body ?? { error: "not found" }));
      },
      (error) => {
        response.writeHead(409, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: error.code ?? "ERR_UNKNOWN", message: error.message }));
      },
    );
  });
});

// Start at boot rather than on first use, so runs an earlier process left unfinished resume at once.
await startWorkflowRuntime();
const port = Number(process.env.PORT ?? 3000);
server.listen(port, () => console.log(`listening on http://localhost:${port}`));
