import type { IncomingHttpHeaders, OutgoingHttpHeaders, ServerResponse } from "node:http";
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
type Chunk = string | Uint8Array;

/**
 * A connect middleware that adds `script` to every HTML response the dev server sends, whoever renders it:
 * Vite's own `index.html`, an SSR framework's pages (SvelteKit, React Router, Astro…), Nitro's routes. SSR
 * frameworks never run `transformIndexHtml`, so injecting there reaches plain Vite only. The response still
 * streams: chunks pass through as they come and the script goes into the last one (before `</body>` when
 * it is there; browsers move trailing markup into the body otherwise). A page that already references the
 * script, a compressed body, a HEAD request and a body-less status are left as they are, and so is every
 * request that is not a page load (see `isPageRequest`): API calls and status polls pass untouched.
 * @example server.middlewares.use(createLauncherMiddleware('<script type="module" src="/__workflow/launcher.js"></script>'));
 */
export function createLauncherMiddleware({ script, marker, skip }: LauncherMiddlewareOptions): Connect.NextHandleFunction {
  const scriptBytes = Buffer.byteLength(script);
  return function workflowLauncherMiddleware(req, res, next) {
    if (req.method === "HEAD" || !isPageRequest(req.headers) || skip(req.url ?? "/")) return next();
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
    /** `decide` from headers given to `writeHead`, which may carry a grown content-length in their place. */
    const decideWith = (given: HeadersArgument): HeadersArgument => {
      const headers = toHeaderObject(given);
      decide(headers);
      return headers;
    };
    const note = (chunk: unknown) => {
      if (alreadyThere) return;
      if (typeof chunk === "string") alreadyThere = chunk.includes(marker);
      else if (chunk instanceof Uint8Array) alreadyThere = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).includes(marker);
    };

    res.writeHead = function writeHeadWithLauncher(this: ServerResponse, statusCode: number, ...rest: unknown[]) {
      this.statusCode = statusCode;
      const at = typeof rest[0] === "object" && rest[0] !== null ? 0 : 1;
      if (rest[at] !== undefined && rest[at] !== null) rest[at] = decideWith(rest[at] as HeadersArgument);
      else decide();
      return (writeHead as (...args: unknown[]) => ServerResponse).call(this, statusCode, ...rest);
    } as typeof res.writeHead;

    res.write = function writeWithLauncher(this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
      if (decide()) note(chunk);
      return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof res.write;

    res.end = function endWithLauncher(this: ServerResponse, ...args: unknown[]) {
      // `end(callback)` and `end(chunk, [encoding], [callback])`.
      const callback = typeof args.at(-1) === "function" ? args.pop() : undefined;
      const [chunk, encoding] = args as [Chunk | null | undefined, BufferEncoding | undefined];
      const finish = (body: string) => (end as (...args: unknown[]) => ServerResponse).call(this, body, ...(callback ? [callback] : []));
      if (!decide()) return (end as (...args: unknown[]) => ServerResponse).call(this, ...args, ...(callback ? [callback] : []));
      note(chunk);
      const last = chunk === undefined || chunk === null ? "" : typeof chunk === "string" ? chunk : Buffer.from(chunk).toString(encoding ?? "utf8");
      if (alreadyThere) {
        if (!lengthGrown) return finish(last);
        if (!this.headersSent) {
          this.setHeader("content-length", Number(this.getHeader("content-length")) - scriptBytes);
          return finish(last);
        }
        // The grown length is sent already: blanks keep the body as long as announced.
        return finish(last + " ".repeat(scriptBytes));
      }
      const closing = last.lastIndexOf("</body>");
      return finish(closing === -1 ? last + script : last.slice(0, closing) + script + last.slice(closing));
    } as typeof res.end;

    next();
  };
}

/**
 * Whether a request loads a page a browser shows: browsers ask for `text/html` (in `Accept`) when they load
 * a document or a frame, and say so in `Sec-Fetch-Dest`. `fetch()` calls, status polls and asset requests
 * do neither, so the middleware need not watch their responses.
 */
function isPageRequest(headers: IncomingHttpHeaders): boolean {
  const destination = headers["sec-fetch-dest"];
  if (destination === "document" || destination === "iframe" || destination === "frame") return true;
  return headers.accept?.includes("text/html") === true;
}

/** What `writeHead` takes as headers: an object, a flat `[name, value, …]` list, or `[name, value]` pairs. */
type HeadersArgument = OutgoingHttpHeaders | Array<string | number | string[]> | Array<[string, string | number | string[]]>;

/** `writeHead`'s headers as one object with lower-case names (Node takes it in place of the original). */
function toHeaderObject(given: HeadersArgument): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  const add = (name: unknown, value: unknown) => {
    const key = String(name).toLowerCase();
    const previous = headers[key];
    const next = value as string | number | string[];
    headers[key] = previous === undefined ? next : [...[previous].flat().map(String), ...[next].flat().map(String)];
  };
  if (!Array.isArray(given)) for (const [name, value] of Object.entries(given)) add(name, value);
  else if (given.every((entry) => Array.isArray(entry) && entry.length === 2 && typeof entry[0] === "string")) for (const [name, value] of given as Array<[string, unknown]>) add(name, value);
  else for (let index = 0; index + 1 < given.length; index += 2) add(given[index], given[index + 1]);
  return headers;
}
