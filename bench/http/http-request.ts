import http from "node:http";

/** What one request answered: the status and, unless the body is streamed, the whole body as text. */
export interface HttpAnswer {
  status: number;
  body: string;
}

/**
 * Requests over `node:http` with one keep-alive agent per server: the driver reuses sockets instead of
 * opening one per poll, and skips `fetch`'s web-stream machinery, so its own CPU use stays small next to
 * the server's (the bench measures the server, and both share the machine's cores).
 */
export function createHttpRequester(baseUrl: string) {
  const base = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

  function open(path: string, init: { method?: string; json?: unknown; timeoutMs: number }): Promise<http.IncomingMessage> {
    const body = init.json === undefined ? undefined : JSON.stringify(init.json);
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          agent,
          host: base.hostname,
          port: base.port,
          path,
          method: init.method ?? "GET",
          headers: body === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
          timeout: init.timeoutMs,
        },
        resolve,
      );
      request.once("timeout", () => request.destroy(new RequestTimeout()));
      request.once("error", reject);
      request.end(body);
    });
  }

  /** Sends the request and reads the whole answer. */
  async function send(path: string, init: { method?: string; json?: unknown; timeoutMs: number }): Promise<HttpAnswer> {
    const response = await open(path, init);
    response.setEncoding("utf8");
    let text = "";
    for await (const chunk of response) text += chunk as string;
    return { status: response.statusCode ?? 0, body: text };
  }

  return { send, open, close: () => agent.destroy() };
}

/** The request's deadline passed before it was answered. */
export class RequestTimeout extends Error {
  override name = "RequestTimeout";
}
