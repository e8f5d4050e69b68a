import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { isWorkflowPath, workflowHandler } from "./workflow-handler.ts";

/** A Connect/Express style middleware. `next` is called for every request that is not a workflow route. */
export type WorkflowMiddleware = (request: IncomingMessage, response: ServerResponse, next?: (error?: unknown) => void) => void;

/**
 * Serves the workflow routes (see `workflowHandler`) in a Node server: `http.createServer`, Express,
 * Connect, Polka. Other requests go to `next` (or get 404 when there is none).
 * @example app.use(workflowMiddleware());
 */
export function workflowMiddleware(): WorkflowMiddleware {
  return (request, response, next) => {
    if (!isWorkflowPath(request.url ?? "/")) {
      if (next) next();
      else response.writeHead(404).end();
      return;
    }
    workflowHandler(toFetchRequest(request))
      .then((answer) => sendFetchResponse(answer, response))
      .catch((error: unknown) => {
        if (next) next(error);
        else if (!response.headersSent) response.writeHead(500).end();
        else response.destroy(error as Error);
      });
  };
}

function toFetchRequest(request: IncomingMessage): Request {
  const host = request.headers.host ?? "localhost";
  const url = new URL(request.url ?? "/", `http://${host}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  return new Request(url, {
    method: request.method,
    headers,
    body: hasBody ? (Readable.toWeb(request) as ReadableStream<Uint8Array>) : undefined,
    duplex: "half",
  } as RequestInit);
}

async function sendFetchResponse(answer: Response, response: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  answer.headers.forEach((value, name) => {
    if (name === "set-cookie") return;
    headers[name] = value;
  });
  const cookies = answer.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  response.writeHead(answer.status, answer.statusText, headers);
  if (!answer.body) {
    response.end();
    return;
  }
  for await (const chunk of answer.body as unknown as AsyncIterable<Uint8Array>) response.write(chunk);
  response.end();
}
