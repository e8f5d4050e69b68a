import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".woff2": "font/woff2",
};

/**
 * Answers a request for the built panel: `relativePath` is the part after `/__workflow/`. The empty path
 * serves `index.html`; anything that would leave `uiDir` is refused. Resolves `undefined` when no such file.
 */
export async function serveDevtoolsUi(uiDir: string, relativePath: string): Promise<Response | undefined> {
  const root = resolve(uiDir);
  let decoded: string;
  try {
    decoded = decodeURIComponent(relativePath || "index.html");
  } catch {
    return undefined;
  }
  if (decoded.includes("\0")) return undefined;
  const file = resolve(join(root, decoded));
  if (file !== root && !file.startsWith(root + sep)) return undefined;
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) {
    if (relativePath === "" || relativePath === "index.html") return notBuiltPage();
    return undefined;
  }
  const body = await readFile(file);
  const immutable = decoded.startsWith("assets/");
  return new Response(body, {
    headers: {
      "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
      "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
      "x-content-type-options": "nosniff",
    },
  });
}

function notBuiltPage(): Response {
  const html = `<!doctype html><meta charset="utf-8"><title>Workflow devtools</title>
<body style="font:14px system-ui;padding:2rem;max-width:40rem">
<h1>Workflow devtools are not built</h1>
<p>The panel's files were not found. Build them once with <code>npm run build:devtools</code> and reload.</p>
<p>The JSON API is available at <a href="api/runs"><code>/__workflow/api/runs</code></a>.</p></body>`;
  return new Response(html, { status: 503, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}
