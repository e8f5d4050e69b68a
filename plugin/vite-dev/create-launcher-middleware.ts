import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { Connect } from "vite";

/** Statuses whose responses carry no body, so nothing is injected into them. */
const NO_BODY_STATUSES = new Set([204, 304]);

export interface LauncherMiddlewareOptions {
  /** The markup added to each page. */
  script: string;
  /** Text that shows a page already has the script (it is then left as it is). */
  marker: string;
  /** Requests left alone, by URL (the panel's own pages, other tools' pages). */
  skip(url: string): boolean;
}
type WriteHeadArgs = [statusMessage?: string | OutgoingHttpHeaders, headers?: OutgoingHttpHeaders];

/**
 * A connect middleware that adds `script` to every HTML response the dev server sends, whoever renders it:
 * Vite's own `index.html`, an SSR framework's pages (SvelteKit, React Router, Astro…), Nitro's routes. SSR
 * frameworks never run `transformIndexHtml`, so injecting there reaches plain Vite only. The response still
 * streams: chunks pass through as they come and the script goes into the last one (before `</body>` when
 * it is there; browsers move trailing markup into the body otherwise). A page that already references the
 * script, a compressed body, a HEAD request and a body-less status are left as they are.
 * @example server.middlewares.use(createLauncherMiddleware('<script type="module" src="/__workflow/launcher.js"></script>'));
 */
export function createLauncherMiddleware({ script, marker, skip }: LauncherMiddlewareOptions): Connect.NextHandleFunction {
  const scriptBytes = Buffer.byteLength(script);
  return function workflowLauncherMiddleware(req, res, next) {
    if (req.method === "HEAD" || skip(req.url ?? "/")) return next();
    const { write, end, writeHead } = res;
    /** Decided at the first header flush or body byte, from the status and headers then. */
    let html: boolean | undefined;
    let alreadyThere = false;
    let lengthGrown = false;
    const decide = (headers?: OutgoingHttpHeaders) => {
      if (html !== undefined) return html;
      const header = (name: string) => headers?.[name] ?? res.getHeader(name);
      html =
        String(header("content-type") ?? "").includes("text/html") &&
        !header("content-encoding") &&
        !NO_BODY_STATUSES.has(res.statusCode);
      if (html) {
        const length = header("content-length");
        if (length !== undefined) {
          const grown = Number(length) + scriptBytes;
          if (headers && "content-length" in headers) headers["content-length"] = grown;
          else res.setHeader("content-length", grown);
          lengthGrown = true;
        }
      }
      return html;
    };
    const note = (chunk: unknown) => {
      if (alreadyThere) return;
      if (typeof chunk === "string") alreadyThere = chunk.includes(marker);
      else if (chunk instanceof Uint8Array) alreadyThere = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).includes(marker);
    };

    res.writeHead = function writeHeadWithLauncher(this: ServerResponse, statusCode: number, ...rest: WriteHeadArgs) {
      this.statusCode = statusCode;
      const headers = (typeof rest[0] === "object" ? rest[0] : rest[1]) as OutgoingHttpHeaders | undefined;
      decide(headers ? lowerCaseKeys(headers, rest) : undefined);
      return (writeHead as (...args: unknown[]) => ServerResponse).call(this, statusCode, ...rest);
    } as typeof res.writeHead;

    res.write = function writeWithLauncher(this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
      if (decide()) note(chunk);
      return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof res.write;

    res.end = function endWithLauncher(this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
      if (typeof chunk === "function") return (end as (...args: unknown[]) => ServerResponse).call(this, chunk, ...rest);
      if (!decide()) return (end as (...args: unknown[]) => ServerResponse).call(this, chunk, ...rest);
      note(chunk);
      if (alreadyThere) {
        if (!lengthGrown) return (end as (...args: unknown[]) => ServerResponse).call(this, chunk, ...rest);
        if (!this.headersSent) {
          this.setHeader("content-length", Number(this.getHeader("content-length")) - scriptBytes);
          return (end as (...args: unknown[]) => ServerResponse).call(this, chunk, ...rest);
        }
        // The grown length is sent already: blanks keep the body as long as announced.
        if (chunk !== undefined && chunk !== null) (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
        return (end as (...args: unknown[]) => ServerResponse).call(this, " ".repeat(scriptBytes));
      }
      const encoding = typeof rest[0] === "string" ? (rest[0] as BufferEncoding) : undefined;
      const last = chunk === undefined || chunk === null ? "" : typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString(encoding ?? "utf8");
      const at = last.lastIndexOf("</body>");
      const injected = at === -1 ? last + script : last.slice(0, at) + script + last.slice(at);
      return (end as (...args: unknown[]) => ServerResponse).call(this, injected, ...(encoding ? rest.slice(1) : rest));
    } as typeof res.end;

    next();
  };
}

/** The headers object `writeHead` was given, with lower-case keys (content-length updated in it in place). */
function lowerCaseKeys(headers: OutgoingHttpHeaders, args: WriteHeadArgs): OutgoingHttpHeaders {
  if (Object.keys(headers).every((key) => key === key.toLowerCase())) return headers;
  const lower: OutgoingHttpHeaders = {};
  for (const [key, value] of Object.entries(headers)) lower[key.toLowerCase()] = value;
  // Node takes either casing: the lower-case copy replaces the original so an updated length is sent.
  if (typeof args[0] === "object") args[0] = lower;
  else args[1] = lower;
  return lower;
}
